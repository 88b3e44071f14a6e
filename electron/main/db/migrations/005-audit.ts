import { sql, type Kysely } from 'kysely';
import { engineSql, runAll } from '../engine-sql';
import type { Migration } from 'kysely/migration';

/** Keyset-paging indexes for the audit log (filters ordered by id) and the retention anchor. */
export const audit: Migration = {
  async up(db: Kysely<unknown>) {
    const e = engineSql(db);
    const statements = [
      sql`CREATE INDEX audit_code_id ON audit_events (code, id)`,
      sql`CREATE INDEX audit_subject_id ON audit_events (subject_id, id)`,
      sql`CREATE INDEX audit_actor_id ON audit_events (actor_id, id)`,
      sql`CREATE INDEX audit_ip_id ON audit_events (ip, id)`,
      // Retention removes whole days and records where the kept chain starts (its first prev_hash).
      sql`CREATE TABLE audit_anchor (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        first_id INTEGER NOT NULL,
        prev_hash TEXT NOT NULL,
        applied_at TEXT NOT NULL
      )${sql.raw(e.strict)}`,
    ];
    await runAll(db, statements);
  },
};
