import { sql, type Kysely } from 'kysely';
import { engineSql, runAll, type EngineSql } from '../engine-sql';
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
function nextWord(e: EngineSql, column: string): string {
  const space = e.position(column, "' '");
  return `CASE WHEN ${space} > 0 THEN ltrim(substr(${column}, ${space} + 1)) ELSE '' END`;
}

/**
 * SQL "SELECT term, id" yielding up to four word-start suffixes of each text column of the row
 * `r` (no CTEs: SQLite does not allow them inside triggers).
 */
function termsSelect(e: EngineSql, r: string): string {
  const texts = ['username', 'display_name', 'email', 'phone']
    .map((c) => `SELECT ${normalised(e.plain(`${r}.${c}`))} AS a, ${r}.id AS id`)
    .join(' UNION ALL ');
  const l1 = `SELECT a, ${nextWord(e, 'a')} AS b, id FROM (${texts})${e.as('t0')}`;
  const l2 = `SELECT a, b, ${nextWord(e, 'b')} AS c, id FROM (${l1})${e.as('t1')}`;
  const l3 = `SELECT a, b, c, ${nextWord(e, 'c')} AS d, id FROM (${l2})${e.as('t2')}`;
  const pick = `CASE k WHEN 0 THEN a WHEN 1 THEN b WHEN 2 THEN c ELSE d END`;
  return `SELECT term, id FROM (SELECT ${pick} AS term, id FROM (${l3})${e.as('t3')},
    (SELECT 0 AS k UNION ALL SELECT 1 UNION ALL SELECT 2 UNION ALL SELECT 3)${e.as('ks')})${e.as('t4')} WHERE term <> ''`;
}

/** The triggers that keep user_terms in step with users (SQLite: inline bodies; PostgreSQL: one function). */
function termTriggers(e: EngineSql) {
  if (e.engine === 'postgres')
    return [
      sql.raw(`CREATE FUNCTION user_terms_sync() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF TG_OP = 'UPDATE' THEN DELETE FROM user_terms WHERE user_id = old.id; END IF;
          INSERT INTO user_terms (term, user_id) ${termsSelect(e, 'new')} ON CONFLICT DO NOTHING;
          RETURN NULL;
        END $$`),
      sql.raw(`CREATE TRIGGER user_terms_insert AFTER INSERT ON users
        FOR EACH ROW EXECUTE FUNCTION user_terms_sync()`),
      sql.raw(`CREATE TRIGGER user_terms_update AFTER UPDATE OF username, display_name, email, phone ON users
        FOR EACH ROW EXECUTE FUNCTION user_terms_sync()`),
    ];
  return [
    sql.raw(`CREATE TRIGGER user_terms_insert AFTER INSERT ON users BEGIN
          INSERT OR IGNORE INTO user_terms (term, user_id) ${termsSelect(e, 'new')};
        END`),
    sql.raw(`CREATE TRIGGER user_terms_update AFTER UPDATE OF username, display_name, email, phone ON users BEGIN
          DELETE FROM user_terms WHERE user_id = old.id;
          INSERT OR IGNORE INTO user_terms (term, user_id) ${termsSelect(e, 'new')};
        END`),
  ];
}

/**
 * Administration at 100,000 users (issue 5): indexes for every filter and sort of the users
 * table, a word-start search table for search-as-you-type (kept in sync by triggers), the
 * blocking-notice log (one row per user and day) and password reset codes (hashes only).
 */
export const admin: Migration = {
  async up(db: Kysely<unknown>) {
    const e = engineSql(db);
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
      )${sql.raw(e.strictWithoutRowid)}`,
      sql`CREATE INDEX user_terms_user ON user_terms (user_id)`,
      ...termTriggers(e),
      // Fills the table for existing users through the update trigger.
      sql`UPDATE users SET username = username`,
      sql`CREATE TABLE blocking_notices (
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        day TEXT NOT NULL,
        sent_at TEXT NOT NULL,
        PRIMARY KEY (user_id, day)
      )${sql.raw(e.strict)}`,
      sql`CREATE TABLE password_resets (
        id ${sql.raw(e.autoId)},
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        used_at TEXT,
        attempts INTEGER NOT NULL DEFAULT 0
      )${sql.raw(e.strict)}`,
      sql`CREATE INDEX password_resets_user ON password_resets (user_id, created_at)`,
    ];
    await runAll(db, statements);
  },
};
