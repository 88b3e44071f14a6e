import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';
import { appendOnlyPostgres, engineOfDb, runAll } from '../engine-sql';

/**
 * Issue 18. Signed checkpoints of the live audit chain at rest. `audit_checkpoints`: every so
 * often (N events, export, backup, shutdown) the last event id, its hash and the number of events
 * since genesis, signed with the directory's key. `audit_retention_records`: every prune signs
 * where the kept chain now starts (first kept id and the hash before it) and how many events went.
 * Both are append-only by trigger (no update, no delete).
 */
export const auditCheckpoints: Migration = {
  async up(db: Kysely<unknown>) {
    const pg = engineOfDb(db) === 'postgres';
    await db.schema
      .createTable('audit_checkpoints')
      .addColumn('id', 'integer', (c) =>
        pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
      )
      .addColumn('last_event_id', 'integer', (c) => c.notNull())
      .addColumn('head_hash', 'text', (c) => c.notNull())
      .addColumn('count', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .execute();
    await db.schema
      .createIndex('audit_checkpoints_event')
      .on('audit_checkpoints')
      .column('last_event_id')
      .execute();
    await db.schema
      .createTable('audit_retention_records')
      .addColumn('id', 'integer', (c) =>
        pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
      )
      .addColumn('first_kept_id', 'integer', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('removed', 'integer', (c) => c.notNull())
      .addColumn('at', 'text', (c) => c.notNull())
      .addColumn('fingerprint', 'text', (c) => c.notNull())
      .addColumn('signature', 'text', (c) => c.notNull())
      .execute();
    for (const table of ['audit_checkpoints', 'audit_retention_records']) {
      if (pg) {
        await runAll(db, appendOnlyPostgres(table, table, `${table} is append-only`));
        continue;
      }
      for (const op of ['UPDATE', 'DELETE'])
        await sql
          .raw(
            `CREATE TRIGGER ${table}_no_${op.toLowerCase()} BEFORE ${op} ON ${table}
             BEGIN SELECT RAISE(ABORT, '${table} is append-only'); END`,
          )
          .execute(db);
    }
  },
};
