import type BetterSqlite3 from 'better-sqlite3';
import type { Victim } from './fuzz-world';
import { COUNTER_COLUMNS, NOT_COMPARED, sorted, strip } from './fuzz-state';

type Sqlite = BetterSqlite3.Database;
type Row = Record<string, unknown>;

/** Member B's rows in every table that holds per-user data. */
const VICTIM_TABLES: [string, string][] = [
  ['users', 'id'],
  ['credentials', 'user_id'],
  ['sessions', 'user_id'],
  ['api_tokens', 'user_id'],
  ['two_factor', 'user_id'],
  ['backup_codes', 'user_id'],
  ['one_time_codes', 'user_id'],
  ['email_changes', 'user_id'],
  ['password_resets', 'user_id'],
  ['linked_tokens', 'user_id'],
  ['outbox', 'user_id'],
];

/**
 * The victim's rows, by table. Anyone may type the victim's login with a wrong password, so the
 * lockout counters may only move toward a lock (never back); see victimChanges for the rest.
 */
export function victimRows(
  db: Sqlite,
  userId: number,
): { tables: Map<string, Row[]>; failedAttempts: number; locked: boolean } {
  const tables = new Map<string, Row[]>();
  for (const [t, col] of VICTIM_TABLES) {
    const rows = sorted(db.prepare(`SELECT * FROM "${t}" WHERE "${col}" = ?`).all(userId) as Row[]);
    const drop = [
      ...(NOT_COMPARED.columns[t] ?? []),
      ...(t === 'users' ? (COUNTER_COLUMNS.users ?? []) : []),
    ];
    tables.set(
      t,
      rows.map((r) => strip(r, drop)),
    );
  }
  const user = db.prepare('SELECT failed_attempts, locked_until FROM users WHERE id = ?').get(userId) as {
    failed_attempts: number;
    locked_until: string | null;
  };
  return { tables, failedAttempts: user.failed_attempts, locked: user.locked_until !== null };
}

/**
 * What a call did to the victim's rows that it must not. A public channel that names a login
 * (forgot password) may open a reset for that account and mail the code to the account's own
 * address: that is the feature, and it goes nowhere the victim does not read. Nothing else.
 */
export function victimChanges(
  before: Map<string, Row[]>,
  after: Map<string, Row[]>,
  o: { publicLogin: boolean; ownAddresses: unknown[] },
): string[] {
  const out: string[] = [];
  for (const [t, rows] of after) {
    const old = (before.get(t) ?? []).map((r) => JSON.stringify(r));
    const added = rows.filter((r) => !old.includes(JSON.stringify(r)));
    const gone = old.length + added.length - rows.length;
    if (added.length === 0 && gone === 0) continue;
    if (o.publicLogin && t === 'password_resets') continue;
    if (
      o.publicLogin &&
      t === 'outbox' &&
      gone === 0 &&
      added.every((r) => o.ownAddresses.includes(r.recipient))
    )
      continue;
    out.push(`${t}: ${added.length} rows new or changed, ${gone} gone`);
  }
  return out;
}

/** Strings that would show the victim's data: contact details, sessions, token, 2FA secrets. */
export function victimSecrets(db: Sqlite, v: Victim): string[] {
  const u = db.prepare('SELECT email, phone, display_name FROM users WHERE id = ?').get(v.userId) as Row;
  const pending = db.prepare('SELECT new_email FROM email_changes WHERE user_id = ?').all(v.userId) as Row[];
  const sessions = db.prepare('SELECT id FROM sessions WHERE user_id = ?').all(v.userId) as Row[];
  const tokens = db.prepare('SELECT hint, name FROM api_tokens WHERE user_id = ?').all(v.userId) as Row[];
  return [
    u.email,
    u.phone,
    ...pending.map((p) => p.new_email),
    ...sessions.map((s) => s.id),
    ...tokens.flatMap((t) => [t.hint, t.name]),
    v.totpSecret,
    v.tokenSecret,
    ...v.backupCodes,
  ].filter((x): x is string => typeof x === 'string' && x.length >= 4);
}
