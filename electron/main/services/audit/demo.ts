import type BetterSqlite3 from 'better-sqlite3';
import { renderAuditMessage, type AuditCode } from '../../../../shared/domain/audit-catalog';
import type { GeoLookup } from '../../adapters/geo';
import { describeUserAgent, type DeviceInfo } from '../../adapters/user-agent';
import { chainHash, GENESIS_HASH, type ChainedFields } from '../../security/audit-chain';
import type { Role } from '../../../../shared/domain/roles';
import { sessionHash } from '../../security/ids';
import { EVENT_MIX, IP_PREFIXES, USER_AGENTS, rng } from './demo-data';
import { insertDemoUsers, type DemoAccount, type DemoUser } from './demo-users';

export type { DemoAccount } from './demo-users';

/** What to generate. */
export interface DemoOptions {
  users: number;
  events: number;
  /** The argon2id hash every user gets unless listed in `signInHashes` (computed once). */
  passwordHash: string;
  /** Sign-in accounts: the first new user of each listed role gets this hash instead. */
  signInHashes?: Partial<Record<Role, string>>;
  /** Runs inside the users' transaction with their id range (the CLI's demo marker). */
  claim?: (firstId: number, lastId: number) => void;
  /** Told the sign-in accounts as soon as the users are committed (before the long event phase). */
  onAccounts?: (accounts: DemoAccount[]) => void;
  now: Date;
  /** Months the events are spread over, ending at `now`. */
  months?: number;
  seed?: number;
  onProgress?: (events: number) => void;
}

const BATCH = 50_000;
const UNKNOWN_DEVICE: DeviceInfo = { deviceType: 'Desktop', browser: 'Unknown', os: 'Unknown' };

/**
 * Fills a migrated database with users (who must change their password at first sign-in),
 * sessions, tokens and a correctly chained audit log.
 */
export async function generateDemo(
  db: BetterSqlite3.Database,
  geo: GeoLookup,
  o: DemoOptions,
): Promise<{ users: number; events: number; sessions: number; tokens: number; accounts: DemoAccount[] }> {
  const rand = rng(o.seed ?? 7);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const ips = Array.from({ length: 400 }, () => `${pick(IP_PREFIXES)}.${1 + Math.floor(rand() * 250)}`);
  const locations = new Map<string, string | null>();
  for (const ip of ips) locations.set(ip, await geo.locate(ip));
  const devices = USER_AGENTS.map(describeUserAgent);
  const created = insertDemoUsers(db, {
    users: o.users,
    passwordHash: o.passwordHash,
    signInHashes: o.signInHashes,
    claim: o.claim,
    now: o.now,
    rand,
    ips,
    devices,
    locations,
  });
  const { users, accounts } = created;
  o.onAccounts?.(accounts);

  const last = db.prepare('SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as
    { hash: string } | undefined;
  let prev = last?.hash ?? GENESIS_HASH;
  const insertEvent =
    db.prepare(`INSERT INTO audit_events (at, code, message, actor_id, actor_name, subject_id,
    subject_name, ip, session_hash, location, device_type, browser, os, details, prev_hash, hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  // Bulk load: indexes are rebuilt once at the end (same definitions), which is far faster.
  const indexes = db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events' AND sql IS NOT NULL",
    )
    .all() as { name: string; sql: string }[];
  if (o.events > 10_000) for (const ix of indexes) db.exec(`DROP INDEX ${ix.name}`);
  const totalWeight = EVENT_MIX.reduce((n, [, w]) => n + w, 0);
  const admins = users.filter((_, i) => i < Math.max(1, Math.ceil(users.length * 0.02)));
  const span = (o.months ?? 6) * 30 * 86_400_000;
  const step = span / Math.max(1, o.events);
  let t = o.now.getTime() - span;
  let burst = 0;
  let burstUser: DemoUser | null = null;
  let burstIp = '';
  let made = 0;
  while (made < o.events) {
    db.transaction(() => {
      const end = Math.min(o.events, made + BATCH);
      for (; made < end; made++) {
        t = Math.min(t + step * (0.5 + rand()), o.now.getTime());
        let code: AuditCode = 'user:logged_in';
        let details: Record<string, unknown> = {};
        let user = pick(users);
        let ip = rand() < 0.9 ? user.ip : pick(ips);
        if (burst > 0) {
          burst--;
          user = burstUser ?? user;
          ip = burstIp;
          code = 'user:login_failed';
          details = { reason: 'wrong password' };
        } else {
          if (rand() < 0.0005) {
            burst = 20 + Math.floor(rand() * 40);
            burstUser = user;
            burstIp = pick(ips);
          }
          let w = rand() * totalWeight;
          for (const [c, weight, d] of EVENT_MIX) {
            if ((w -= weight) <= 0) {
              code = c;
              details = d ?? {};
              break;
            }
          }
        }
        const adminAction =
          code.startsWith('admin') ||
          code === 'session:revoked' ||
          code.startsWith('token') ||
          code.startsWith('settings');
        const actor = adminAction ? pick(admins) : code === 'user:login_failed' ? null : user;
        const subject = code.startsWith('settings') ? null : user;
        const ua = burst > 0 ? (user.ua + 1) % devices.length : user.ua;
        const d = devices[ua] ?? UNKNOWN_DEVICE;
        const fields: ChainedFields = {
          at: new Date(t).toISOString(),
          code,
          message: renderAuditMessage(code, { actor: actor?.username, subject: subject?.username }, details),
          actor_id: actor?.id ?? null,
          actor_name: actor?.username ?? null,
          subject_id: subject?.id ?? null,
          subject_name: subject?.username ?? null,
          ip,
          session_hash: code === 'user:login_failed' ? null : sessionHash(user.sessions[made & 1] ?? ''),
          location: locations.get(ip) ?? null,
          device_type: d.deviceType,
          browser: d.browser,
          os: d.os,
          details: JSON.stringify(details),
        };
        const hash = chainHash(prev, fields);
        insertEvent.run(
          fields.at,
          code,
          fields.message,
          fields.actor_id,
          fields.actor_name,
          fields.subject_id,
          fields.subject_name,
          ip,
          fields.session_hash,
          fields.location,
          d.deviceType,
          d.browser,
          d.os,
          fields.details,
          prev,
          hash,
        );
        prev = hash;
      }
    })();
    o.onProgress?.(made);
  }
  if (o.events > 10_000) for (const ix of indexes) db.exec(ix.sql);
  return { users: users.length, events: made, sessions: created.sessions, tokens: created.tokens, accounts };
}
