import type BetterSqlite3 from 'better-sqlite3';
import type { FuzzWorld } from './fuzz-world';

type Sqlite = BetterSqlite3.Database;
type Row = Record<string, unknown>;

/**
 * What "a refusal writes nothing" compares. Left out, because a refusal is meant to write them:
 * the audit trail (refusals are security events, ASVS V16), and the activity stamps that any
 * authenticated call moves (sessions.last_seen_at, api_tokens.last_used_at). Attempt counters
 * are NOT left out: a wrong guess moves them, and the check knows which codes those are.
 */
export const NOT_COMPARED = {
  tables: ['audit_events', 'audit_anchor'],
  columns: { sessions: ['last_seen_at'], api_tokens: ['last_used_at'] } as Record<string, string[]>,
};

/**
 * A channel that checks a secret (its input has a password or a code) counts every wrong guess
 * (NIST SP 800-63B §3.2.2), so even its refusals write the counter. They may move these columns
 * (try counters, the lock), end a challenge (its row goes: too many tries), and add per-fingerprint
 * rows for unknown logins; nothing else.
 */
export const COUNTER_COLUMNS: Record<string, string[]> = {
  users: ['failed_attempts', 'locked_until', 'updated_at'],
  one_time_codes: ['attempts', 'used_at'],
  password_resets: ['attempts', 'used_at'],
  email_changes: ['attempts'],
};
const COUNTER_TABLES = ['unknown_logins'];
const CHALLENGE_TABLES = ['one_time_codes', 'password_resets', 'email_changes'];
const SECRET_FIELDS = ['password', 'currentPassword', 'code'];

/** True when the channel's input carries a password or a code, read from its zod object shape. */
export function checksSecret(input: unknown): boolean {
  const shapes: unknown[] = [input];
  for (let i = 0; i < shapes.length && i < 20; i++) {
    const def = (shapes[i] as { _zod?: { def: Record<string, unknown> } } | undefined)?._zod?.def;
    if (!def) continue;
    const shape = def.shape as Record<string, unknown> | undefined;
    if (shape && Object.keys(shape).some((k) => SECRET_FIELDS.includes(k))) return true;
    shapes.push(def.innerType, ...((def.options as unknown[] | undefined) ?? []));
  }
  return false;
}

const TABLES = (db: Sqlite) =>
  (
    db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .all() as {
      name: string;
    }[]
  ).map((t) => t.name);

/** Rows in a stable order whatever the table's keys (some tables have no rowid). */
export function sorted(rows: Row[]): Row[] {
  return rows
    .map((r) => [JSON.stringify(r), r] as const)
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .map(([, r]) => r);
}

/** The row without the named columns. */
export function strip(row: Row, drop: readonly string[]): Row {
  const out: Row = {};
  for (const [k, v] of Object.entries(row)) if (!drop.includes(k)) out[k] = v;
  return out;
}

/** Every compared row of every compared table, by table. */
export function stateOf(db: Sqlite): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const t of TABLES(db)) {
    if (NOT_COMPARED.tables.includes(t)) continue;
    const drop = NOT_COMPARED.columns[t] ?? [];
    out.set(t, sorted((db.prepare(`SELECT * FROM "${t}"`).all() as Row[]).map((r) => strip(r, drop))));
  }
  return out;
}

/**
 * Tables whose compared rows differ. `guess` allows the counter writes of a checked secret;
 * `limited` (a retry_later answer) allows the limiter's own per-window counters (rate_limits).
 */
export function changedTables(
  a: Map<string, Row[]>,
  b: Map<string, Row[]>,
  o: { guess: boolean; limited: boolean },
): string[] {
  const guess = o.guess;
  const texts = (t: string, rows: Row[] | undefined) =>
    (rows ?? []).map((r) => JSON.stringify(strip(r, guess ? (COUNTER_COLUMNS[t] ?? []) : [])));
  return [...new Set([...a.keys(), ...b.keys()])].filter((t) => {
    if (guess && COUNTER_TABLES.includes(t)) return false;
    if (o.limited && t === 'rate_limits') return false;
    const before = texts(t, a.get(t));
    const after = texts(t, b.get(t));
    // An ended challenge may lose its row; no row may appear or change.
    if (guess && CHALLENGE_TABLES.includes(t)) return after.some((r) => !before.includes(r));
    return JSON.stringify(before) !== JSON.stringify(after);
  });
}

/** SQLite's count of rows written on this connection: unchanged means nothing at all was written. */
export function totalChanges(db: Sqlite): number {
  return (db.prepare('SELECT total_changes() AS n').get() as { n: number }).n;
}

/** Fixture rows the fuzzer may legitimately change (role, block, password, settings), saved to put back. */
export interface Baseline {
  settings: Row[];
  perUser: Map<string, Row[]>;
}

const RESTORED: [string, string][] = [
  ['users', 'id'],
  ['credentials', 'user_id'],
  ['two_factor', 'user_id'],
  ['backup_codes', 'user_id'],
];

function userRows(db: Sqlite, ids: number[]): Map<string, Row[]> {
  const out = new Map<string, Row[]>();
  for (const [t, col] of RESTORED)
    for (const id of ids)
      out.set(`${t}:${id}`, sorted(db.prepare(`SELECT * FROM "${t}" WHERE "${col}" = ?`).all(id) as Row[]));
  return out;
}

/** Saves the fixture users' rows and the settings, after setup. */
export function captureBaseline(w: FuzzWorld): Baseline {
  const db = w.app.container.database.sqlite;
  return {
    settings: db.prepare('SELECT * FROM settings ORDER BY key').all() as Row[],
    perUser: userRows(db, fixtureIds(w)),
  };
}

function fixtureIds(w: FuzzWorld): number[] {
  return [...w.callers.map((c) => c.userId), w.victim.userId].filter((id): id is number => id !== null);
}

function insert(db: Sqlite, table: string, rows: Row[]): void {
  for (const r of rows) {
    const cols = Object.keys(r);
    db.prepare(
      `INSERT INTO "${table}" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`,
    ).run(...cols.map((c) => r[c]));
  }
}

/**
 * Puts back what a fuzzed call changed in the fixture (a demoted admin, a blocked member, a new
 * password, 2FA-for-everyone settings), so the next run still fuzzes the same five roles. Plain
 * SQL on the test's own file; says whether the settings came back and how many row sets did.
 */
export function restoreBaseline(w: FuzzWorld, b: Baseline): { settings: boolean; rows: number } {
  const db = w.app.container.database.sqlite;
  let restored = 0;
  let settingsRestored = false;
  db.transaction(() => {
    const settings = db.prepare('SELECT * FROM settings ORDER BY key').all() as Row[];
    if (JSON.stringify(settings) !== JSON.stringify(b.settings)) {
      db.prepare('DELETE FROM settings').run();
      insert(db, 'settings', b.settings);
      settingsRestored = true;
    }
    const now = userRows(db, fixtureIds(w));
    for (const [key, rows] of b.perUser) {
      if (JSON.stringify(now.get(key)) === JSON.stringify(rows)) continue;
      const [table = '', id = ''] = key.split(':');
      const col = table === 'users' ? 'id' : 'user_id';
      if (table === 'users') {
        const row = rows[0] ?? {};
        const cols = Object.keys(row).filter((c) => c !== 'id');
        db.prepare(`UPDATE users SET ${cols.map((c) => `"${c}" = ?`).join(', ')} WHERE id = ?`).run(
          ...cols.map((c) => row[c]),
          Number(id),
        );
      } else {
        db.prepare(`DELETE FROM "${table}" WHERE "${col}" = ?`).run(Number(id));
        insert(db, table, rows);
      }
      restored++;
    }
  })();
  return { settings: settingsRestored, rows: restored };
}
