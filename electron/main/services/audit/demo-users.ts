import type BetterSqlite3 from 'better-sqlite3';
import type { Role } from '../../../../shared/domain/roles';
import type { DeviceInfo } from '../../adapters/user-agent';
import { randomId, sha256 } from '../../security/ids';
import { FIRST_NAMES, LAST_NAMES, USER_AGENTS } from './demo-data';

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

/** What the users phase needs from the generator. */
export interface DemoUsersInput {
  users: number;
  /** Hash given to every user without a sign-in password of their own. */
  passwordHash: string;
  /** The first new user of each role listed gets this hash instead (a sign-in account). */
  signInHashes?: Partial<Record<Role, string>> | undefined;
  /** Runs inside the users' transaction with the new id range (the demo marker). */
  claim?: ((firstId: number, lastId: number) => void) | undefined;
  now: Date;
  rand: () => number;
  ips: readonly string[];
  devices: readonly DeviceInfo[];
  locations: ReadonlyMap<string, string | null>;
}

const UNKNOWN_DEVICE: DeviceInfo = { deviceType: 'Desktop', browser: 'Unknown', os: 'Unknown' };

function tableExists(db: BetterSqlite3.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * Inserts users (each must change the password at first sign-in), their live sessions and some
 * API tokens in one transaction.
 */
export function insertDemoUsers(
  db: BetterSqlite3.Database,
  o: DemoUsersInput,
): { users: DemoUser[]; accounts: DemoAccount[]; sessions: number; tokens: number } {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(o.rand() * list.length)] as T;
  const nowIso = o.now.toISOString();
  const hasOwner = db.prepare("SELECT 1 FROM users WHERE role = 'owner'").get() !== undefined;
  const base = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM users').get() as { n: number }).n;
  const insertUser = db.prepare(`INSERT INTO users (username, display_name, email, role,
    must_change_password, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)`);
  const insertCred = db.prepare(
    `INSERT INTO credentials (user_id, kind, hash, created_at) VALUES (?, 'password', ?, ?)`,
  );
  const insertSession =
    db.prepare(`INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, ip,
    user_agent, device_type, browser, os, location) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertToken = tableExists(db, 'api_tokens')
    ? db.prepare(`INSERT INTO api_tokens (user_id, name, role, token_hash, hint, created_at, expires_at)
        VALUES (?, ?, ?, ?, ?, ?, ?)`)
    : null;
  const users: DemoUser[] = [];
  const accounts: DemoAccount[] = [];
  let sessions = 0;
  let tokens = 0;
  db.transaction(() => {
    for (let i = 0; i < o.users; i++) {
      const first = pick(FIRST_NAMES);
      const last = pick(LAST_NAMES);
      const username = i === 0 && !hasOwner ? 'owner' : `${first}.${last}${base + i + 1}`;
      const r = o.rand();
      const role: Role =
        i === 0 && !hasOwner
          ? 'owner'
          : r < 0.02
            ? 'admin'
            : r < 0.05
              ? 'support'
              : r < 0.07
                ? 'auditor'
                : 'member';
      const cap = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
      const name = `${cap(first)} ${cap(last)}`;
      const id = Number(
        insertUser.run(username, name, `${username}@example.com`, role, nowIso, nowIso).lastInsertRowid,
      );
      const own = o.signInHashes?.[role];
      const signIn = own !== undefined && !accounts.some((a) => a.role === role);
      if (signIn) accounts.push({ role, username });
      insertCred.run(id, signIn ? own : o.passwordHash, nowIso);
      const u: DemoUser = {
        id,
        username,
        sessions: [randomId(), randomId()],
        ip: pick(o.ips),
        ua: Math.floor(o.rand() * o.devices.length),
      };
      users.push(u);
      const live = Math.floor(o.rand() * 3);
      for (let s = 0; s < live; s++) {
        const d = o.devices[u.ua] ?? UNKNOWN_DEVICE;
        const expires = new Date(o.now.getTime() + 8 * 3_600_000).toISOString();
        insertSession.run(
          u.sessions[s % 2],
          id,
          nowIso,
          nowIso,
          expires,
          u.ip,
          USER_AGENTS[u.ua],
          d.deviceType,
          d.browser,
          d.os,
          o.locations.get(u.ip) ?? 'Unknown',
        );
        sessions++;
      }
      if (insertToken && o.rand() < 0.1) {
        const expires = new Date(o.now.getTime() + 180 * 86_400_000).toISOString();
        insertToken.run(
          id,
          'ci deploy',
          role,
          sha256(randomId()),
          `pcl_…${randomId().slice(0, 4)}`,
          nowIso,
          expires,
        );
        tokens++;
      }
    }
    const firstId = users[0]?.id;
    const lastId = users.at(-1)?.id;
    if (firstId !== undefined && lastId !== undefined) o.claim?.(firstId, lastId);
  })();
  return { users, accounts, sessions, tokens };
}
