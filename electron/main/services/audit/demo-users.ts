import type BetterSqlite3 from 'better-sqlite3';
import type { Role } from '../../../../shared/domain/roles';
import { planUsers, userRows, type DemoAccount, type DemoContext, type DemoUser } from './demo-plan';

export type { DemoAccount, DemoUser } from './demo-plan';

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
}

function tableExists(db: BetterSqlite3.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}

/**
 * SQLite: inserts users (each must change the password at first sign-in), their live sessions
 * and some API tokens in one transaction (prepared statements, one row each: SQLite's fastest).
 */
export function insertDemoUsers(
  db: BetterSqlite3.Database,
  ctx: DemoContext,
  o: DemoUsersInput,
): { users: DemoUser[]; accounts: DemoAccount[]; sessions: number; tokens: number } {
  const nowIso = o.now.toISOString();
  const insertUser = db.prepare(`INSERT INTO users (username, display_name, email, role,
    must_change_password, created_at, updated_at) VALUES (?, ?, ?, ?, 1, ?, ?)`);
  const insertCred = db.prepare(
    `INSERT INTO credentials (user_id, kind, hash, created_at) VALUES (@user_id, 'password', @hash, @created_at)`,
  );
  const insertSession =
    db.prepare(`INSERT INTO sessions (id, user_id, created_at, last_seen_at, expires_at, ip, user_agent,
    device_type, browser, os, location) VALUES (@id, @user_id, @created_at, @last_seen_at, @expires_at, @ip,
    @user_agent, @device_type, @browser, @os, @location)`);
  const withTokens = tableExists(db, 'api_tokens');
  const insertToken = withTokens
    ? db.prepare(`INSERT INTO api_tokens (user_id, name, role, token_hash, hint, created_at, expires_at)
        VALUES (@user_id, @name, @role, @token_hash, @hint, @created_at, @expires_at)`)
    : null;
  const users: DemoUser[] = [];
  let accounts: DemoAccount[] = [];
  let sessions = 0;
  let tokens = 0;
  db.transaction(() => {
    const hasOwner = db.prepare("SELECT 1 FROM users WHERE role = 'owner'").get() !== undefined;
    const base = (db.prepare('SELECT coalesce(max(id), 0) AS n FROM users').get() as { n: number }).n;
    const plan = planUsers(ctx, { ...o, hasOwner, base, withTokens });
    accounts = plan.accounts;
    for (const u of plan.planned) {
      const { row } = u;
      const id = Number(
        insertUser.run(row.username, row.display_name, row.email, row.role, nowIso, nowIso).lastInsertRowid,
      );
      const rows = userRows(ctx, u, id, o.now);
      insertCred.run(rows.credential);
      for (const s of rows.sessions) insertSession.run(s);
      if (insertToken && rows.token) insertToken.run(rows.token);
      sessions += rows.sessions.length;
      tokens += rows.token ? 1 : 0;
      users.push({ id, username: u.username, sessions: u.sessions, ip: u.ip, ua: u.ua });
    }
    const firstId = users[0]?.id;
    const lastId = users.at(-1)?.id;
    if (firstId !== undefined && lastId !== undefined) o.claim?.(firstId, lastId);
  })();
  return { users, accounts, sessions, tokens };
}
