import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { engineOfDb, runAll } from '../engine-sql';
import { AUDIT_SEARCH_TEXT, USER_SEARCH_TEXT } from '../search-text.sql';

/** The meta key that says why the trigram indexes are missing (absent when they exist). */
export const TRIGRAM_NOTE_KEY = 'pg_trgm_missing';

/** Whether this role may use pg_trgm: installed already, or installable by it (superuser, or trusted and CREATE on the database). */
async function trigramInstallable(db: Kysely<unknown>): Promise<string | null> {
  const { rows } = await sql<{
    installed: boolean;
    available: boolean;
    allowed: boolean;
  }>`SELECT
      EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm') AS installed,
      EXISTS (SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm') AS available,
      (SELECT rolsuper FROM pg_roles WHERE rolname = current_user)
        OR (has_database_privilege(current_database(), 'CREATE')
            AND COALESCE((SELECT bool_or(trusted) FROM pg_available_extension_versions WHERE name = 'pg_trgm'), false))
        AS allowed`.execute(db);
  const r = rows[0];
  if (!r || r.installed) return null;
  if (!r.available)
    return 'the pg_trgm extension is not installed on the server (Debian: it ships with the postgresql package; elsewhere postgresql-contrib)';
  if (!r.allowed)
    return 'this role may not create the pg_trgm extension (it needs CREATE on the database, or a superuser)';
  return null;
}

/**
 * PostgreSQL: substring search and keyset paging at millions of rows. pg_trgm GIN indexes on the
 * user and audit search text (search-text.sql.ts) make `ILIKE '%text%'` an index scan; two
 * (name, id) indexes serve the audit filter by a user name that no longer exists. Without the
 * right to create pg_trgm the migration still succeeds: search works by a scan, and meta
 * `pg_trgm_missing` says why and docs/postgresql.md what the administrator runs. SQLite: nothing
 * (word-prefix search through user_terms; its keyset indexes came with 005).
 */
export const searchIndexes: Migration = {
  async up(db: Kysely<unknown>) {
    if (engineOfDb(db) !== 'postgres') return;
    await runAll(db, [
      sql`CREATE INDEX audit_subject_name_id ON audit_events (subject_name COLLATE nocase, id)`,
      sql`CREATE INDEX audit_actor_name_id ON audit_events (actor_name COLLATE nocase, id)`,
    ]);
    const missing = await trigramInstallable(db);
    if (missing) {
      await sql`INSERT INTO meta (key, value) VALUES (${TRIGRAM_NOTE_KEY}, ${`Substring search runs without its index: ${missing}. Ask the administrator to run CREATE EXTENSION pg_trgm in this database, then the two CREATE INDEX statements in docs/postgresql.md ("Substring search").`})`.execute(
        db,
      );
      return;
    }
    await runAll(db, [
      sql`CREATE EXTENSION IF NOT EXISTS pg_trgm`,
      sql.raw(`CREATE INDEX users_search_trgm ON users USING gin ((${USER_SEARCH_TEXT}) gin_trgm_ops)`),
      sql.raw(
        `CREATE INDEX audit_search_trgm ON audit_events USING gin ((${AUDIT_SEARCH_TEXT}) gin_trgm_ops)`,
      ),
    ]);
  },
};
