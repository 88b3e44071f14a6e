import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/** Words are split at these characters (the search text is normalised the same way). */
const SEPARATORS = ['.', '@', '_', '-', '+'];

/** SQL: lower-case, separators to spaces, trimmed. */
function normalised(column: string): string {
  let e = `coalesce(${column}, '')`;
  for (const c of SEPARATORS) e = `replace(${e}, '${c}', ' ')`;
  return `trim(lower(${e}))`;
}

/** SQL: the text after the first space, or '' (the next word start). */
function nextWord(column: string): string {
  return `CASE WHEN instr(${column}, ' ') > 0 THEN ltrim(substr(${column}, instr(${column}, ' ') + 1)) ELSE '' END`;
}

/**
 * SQL "SELECT term, id" yielding up to four word-start suffixes of each text column of the row
 * `r` (no CTEs: SQLite does not allow them inside triggers).
 */
function termsSelect(r: string): string {
  const texts = ['username', 'display_name', 'email', 'phone']
    .map((c) => `SELECT ${normalised(`${r}.${c}`)} AS a, ${r}.id AS id`)
    .join(' UNION ALL ');
  const l1 = `SELECT a, ${nextWord('a')} AS b, id FROM (${texts})`;
  const l2 = `SELECT a, b, ${nextWord('b')} AS c, id FROM (${l1})`;
  const l3 = `SELECT a, b, c, ${nextWord('c')} AS d, id FROM (${l2})`;
  const pick = `CASE k WHEN 0 THEN a WHEN 1 THEN b WHEN 2 THEN c ELSE d END`;
  return `SELECT term, id FROM (SELECT ${pick} AS term, id FROM (${l3}),
    (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)) WHERE term <> ''`;
}

/**
 * Administration at 100,000 users (issue 5): indexes for every filter and sort of the users
 * table, a word-start search table for search-as-you-type (kept in sync by triggers), the
 * blocking-notice log (one row per user and day) and password reset codes (hashes only).
 */
export const admin: Migration = {
  async up(db: Kysely<unknown>) {
    const statements = [
      sql`CREATE INDEX users_status_locked ON users (status, locked_until)`,
      sql`CREATE INDEX users_locked ON users (locked_until) WHERE locked_until IS NOT NULL`,
      sql`CREATE INDEX users_two_factor ON users (two_factor_method)`,
      sql`CREATE INDEX users_last_login ON users (last_login_at)`,
      sql`CREATE INDEX users_blocking ON users (blocking_date) WHERE blocking_date IS NOT NULL`,
      sql`CREATE INDEX users_display_name ON users (display_name COLLATE NOCASE)`,
      sql`CREATE INDEX users_phone ON users (phone COLLATE NOCASE)`,
      sql`CREATE INDEX users_role_username ON users (role, username)`,
      sql`CREATE INDEX sessions_active ON sessions (ended_at, expires_at)`,
      // Word-start search: every suffix of username, name, email and phone that starts a word
      // (after . @ _ - + or a space), lower-cased; a search is one range scan on its key.
      sql`CREATE TABLE user_terms (
        term TEXT NOT NULL,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        PRIMARY KEY (term, user_id)
      ) STRICT, WITHOUT ROWID`,
      sql`CREATE INDEX user_terms_user ON user_terms (user_id)`,
      sql.raw(`CREATE TRIGGER user_terms_insert AFTER INSERT ON users BEGIN
          INSERT OR IGNORE INTO user_terms (term, user_id) ${termsSelect('new')};
        END`),
      sql.raw(`CREATE TRIGGER user_terms_update AFTER UPDATE OF username, display_name, email, phone ON users BEGIN
          DELETE FROM user_terms WHERE user_id = old.id;
          INSERT OR IGNORE INTO user_terms (term, user_id) ${termsSelect('new')};
        END`),
      // Fills the table for existing users through the update trigger.
      sql`UPDATE users SET username = username`,
      sql`CREATE TABLE blocking_notices (
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (user_id, day)
      ) STRICT`,
      sql`CREATE TABLE password_resets (
        id INTEGER PRIMARY KEY,
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0
      ) STRICT`,
      sql`CREATE INDEX password_resets_user ON password_resets (user_id, created_at)`,
    ];
    for (const statement of statements) await statement.execute(db);
  },
};
