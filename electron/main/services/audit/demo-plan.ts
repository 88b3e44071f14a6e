import type { Role } from '../../../../shared/domain/roles';
import type { GeoLookup } from '../../adapters/geo';
import { describeUserAgent, type DeviceInfo } from '../../adapters/user-agent';
import { randomId, sha256 } from '../../security/ids';
import { FIRST_NAMES, IP_PREFIXES, LAST_NAMES, USER_AGENTS, rng } from './demo-data';

/**
 * The random choices of `portcullis demo`, shared by both engines: the same seed gives the same
 * people, roles, devices and events on SQLite and PostgreSQL; only the inserting differs.
 */
export interface DemoContext {
  rand: () => number;
  pick: <T>(list: readonly T[]) => T;
  ips: readonly string[];
  locations: ReadonlyMap<string, string | null>;
  devices: readonly DeviceInfo[];
}

/** A generated user, with what the event generator needs to make their history plausible. */
export interface DemoUser {
  id: number;
  username: string;
  sessions: string[];
  ip: string;
  ua: number;
}

/** A demo account someone can sign in to (its own password; shown once by the CLI). */
export interface DemoAccount {
  role: Role;
  username: string;
}

/** A user decided but not inserted yet (the database gives the id). */
export interface PlannedUser extends Omit<DemoUser, 'id'> {
  row: { username: string; display_name: string; email: string; role: Role };
  /** The password hash of this user's credential. */
  hash: string;
  /** Live sessions (0–2): the first `live` of `sessions`. */
  live: number;
  /** An API token ('ci deploy') or none. */
  token: { token_hash: string; hint: string } | null;
}

/** What planning the users needs. */
export interface PlanUsersInput {
  users: number;
  /** Hash given to every user without a sign-in password of their own. */
  passwordHash: string;
  /** The first new user of each role listed gets this hash instead (a sign-in account). */
  signInHashes?: Partial<Record<Role, string>> | undefined;
  /** Whether the directory already has an owner (else the first new user is the owner). */
  hasOwner: boolean;
  /** The highest user id so far: new usernames are numbered after it. */
  base: number;
  /** False on an old schema without api_tokens. */
  withTokens: boolean;
}

const UNKNOWN_DEVICE: DeviceInfo = { deviceType: 'Desktop', browser: 'Unknown', os: 'Unknown' };

/** The device of user agent `ua` (index into USER_AGENTS). */
export function deviceOf(ctx: DemoContext, ua: number): DeviceInfo {
  return ctx.devices[ua] ?? UNKNOWN_DEVICE;
}

/** Seeds the random source and resolves 400 addresses to places once (geo lookups are async). */
export async function demoContext(geo: GeoLookup, seed: number): Promise<DemoContext> {
  const rand = rng(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const ips = Array.from({ length: 400 }, () => `${pick(IP_PREFIXES)}.${1 + Math.floor(rand() * 250)}`);
  const locations = new Map<string, string | null>();
  for (const ip of ips) locations.set(ip, await geo.locate(ip));
  return { rand, pick, ips, locations, devices: USER_AGENTS.map(describeUserAgent) };
}

function roleFor(r: number): Role {
  return r < 0.02 ? 'admin' : r < 0.05 ? 'support' : r < 0.07 ? 'auditor' : 'member';
}

/** Decides every new user (name, role, password, sessions, token) and the sign-in accounts. */
export function planUsers(
  ctx: DemoContext,
  o: PlanUsersInput,
): { planned: PlannedUser[]; accounts: DemoAccount[] } {
  const { rand, pick } = ctx;
  const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const planned: PlannedUser[] = [];
  const accounts: DemoAccount[] = [];
  for (let i = 0; i < o.users; i++) {
    const first = pick(FIRST_NAMES);
    const last = pick(LAST_NAMES);
    const owner = i === 0 && !o.hasOwner;
    const username = owner ? 'owner' : `${first}.${last}${o.base + i + 1}`;
    const r = rand();
    const role: Role = owner ? 'owner' : roleFor(r);
    const own = o.signInHashes?.[role];
    const signIn = own !== undefined && !accounts.some((a) => a.role === role);
    if (signIn) accounts.push({ role, username });
    const ip = pick(ctx.ips);
    const ua = Math.floor(rand() * ctx.devices.length);
    const live = Math.floor(rand() * 3);
    const token =
      o.withTokens && rand() < 0.1
        ? { token_hash: sha256(randomId()), hint: `pcl_…${randomId().slice(0, 4)}` }
        : null;
    planned.push({
      row: { username, display_name: `${cap(first)} ${cap(last)}`, email: `${username}@example.com`, role },
      username,
      hash: signIn ? own : o.passwordHash,
      sessions: [randomId(), randomId()],
      ip,
      ua,
      live,
      token,
    });
  }
  return { planned, accounts };
}

/** The rows of a planned user once the database gave it `id`: credential, live sessions, token. */
export function userRows(ctx: DemoContext, u: PlannedUser, id: number, now: Date) {
  const nowIso = now.toISOString();
  const d = deviceOf(ctx, u.ua);
  const sessionExpires = new Date(now.getTime() + 8 * 3_600_000).toISOString();
  const sessions = u.sessions.slice(0, u.live).map((sid) => ({
    id: sid,
    user_id: id,
    created_at: nowIso,
    last_seen_at: nowIso,
    expires_at: sessionExpires,
    ip: u.ip,
    user_agent: USER_AGENTS[u.ua] ?? '',
    device_type: d.deviceType,
    browser: d.browser,
    os: d.os,
    location: ctx.locations.get(u.ip) ?? 'Unknown',
  }));
  const credential = { user_id: id, hash: u.hash, created_at: nowIso };
  const token = u.token && {
    user_id: id,
    name: 'ci deploy',
    role: u.row.role,
    token_hash: u.token.token_hash,
    hint: u.token.hint,
    created_at: nowIso,
    expires_at: new Date(now.getTime() + 180 * 86_400_000).toISOString(),
  };
  return { credential, sessions, token };
}

/** Contiguous id runs ([first, last] pairs) of `ids`, for the demo marker. */
export function idRanges(ids: readonly number[]): [number, number][] {
  const sorted = [...ids].sort((a, b) => a - b);
  const out: [number, number][] = [];
  for (const id of sorted) {
    const run = out.at(-1);
    if (run && id === run[1] + 1) run[1] = id;
    else out.push([id, id]);
  }
  return out;
}
