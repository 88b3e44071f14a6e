import { sql } from 'kysely';
import { AppError } from '../../../shared/result';
import type { Db } from './connection';
import { engineOfDb } from './engine-sql';
import { AUDIT_CHAIN_LOCK } from './repositories/audit.repository';
import type { CheckpointTables } from './schema/checkpoint.schema';

/** What a prune removed: how many events, where the kept chain starts and the hash before it. */
export interface Pruned {
  removed: number;
  firstId: number;
  anchor: string;
}

/**
 * Removes every audit event before the first one at or after `cutoff` (always keeping the newest
 * event, so ids keep growing) and records where the kept
 * chain now starts (audit_anchor). Run inside the caller's transaction (`trx`); null when nothing
 * was removed. The append-only trigger is lifted for the one DELETE and put back as it was, inside
 * the transaction (no other connection ever sees the table without it).
 */
export async function pruneAuditBefore(trx: Db, cutoff: string, now: string): Promise<Pruned | null> {
  const postgres = engineOfDb(trx) === 'postgres';
  // PostgreSQL: the chain's lock first, as appends take it, so no append lands between the reads
  // below and the DELETE, and the retention event appended later cannot wait on a lock we hold.
  if (postgres) await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
  const firstKept = await trx
    .selectFrom('audit_events')
    .select(['id', 'prev_hash'])
    .where('at', '>=', cutoff)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  const last = await trx
    .selectFrom('audit_events')
    .select(['id', 'prev_hash'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (!last) return null;
  // The newest event always stays: an emptied table would hand out ids from 1 again, and the
  // signed checkpoints name events by id.
  const kept = firstKept ?? last;
  const boundary = kept.id;
  const anchor = kept.prev_hash;
  const { rows } = await sql<{
    n: number;
  }>`SELECT count(*) AS n FROM audit_events WHERE id < ${boundary}`.execute(trx);
  const removed = rows[0]?.n ?? 0;
  if (removed === 0) return null;
  if (postgres) await deleteBeforePostgres(trx, boundary);
  else await deleteBeforeSqlite(trx, boundary);
  await trx
    .insertInto('audit_anchor')
    .values({ id: 1, first_id: boundary, prev_hash: anchor, applied_at: now })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({ first_id: boundary, prev_hash: anchor, applied_at: now }),
    )
    .execute();
  return { removed, firstId: boundary, anchor };
}

/** SQLite: the trigger is dropped and created again from its stored text, in the transaction. */
async function deleteBeforeSqlite(trx: Db, boundary: number): Promise<void> {
  const trigger = await sql<{
    sql: string;
  }>`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_no_delete'`.execute(trx);
  await sql`DROP TRIGGER IF EXISTS audit_no_delete`.execute(trx);
  await sql`DELETE FROM audit_events WHERE id < ${boundary}`.execute(trx);
  const ddl = trigger.rows[0]?.sql;
  if (ddl) await sql.raw(ddl).execute(trx);
}

/**
 * PostgreSQL: the row trigger is disabled for the DELETE and enabled again, in the transaction
 * (ALTER TABLE is transactional; it locks the table until commit). Needs the role that owns the
 * table (the one that migrated); the TRUNCATE and UPDATE triggers stay on throughout.
 */
async function deleteBeforePostgres(trx: Db, boundary: number): Promise<void> {
  // Read first: after a failed statement the transaction accepts no other.
  const { rows } = await sql<{ role: string }>`SELECT current_user AS role`.execute(trx);
  const role = rows[0]?.role ?? 'unknown';
  try {
    await sql`ALTER TABLE audit_events DISABLE TRIGGER audit_no_delete`.execute(trx);
  } catch (e) {
    // 42501: the application role may only append to the audit trail (docs/postgresql.md).
    if ((e as { code?: unknown }).code !== '42501') throw e;
    throw new AppError(
      'permission_denied',
      `Old audit events were not removed: on PostgreSQL only the role that owns the audit table (the one that ran the migrations) may remove them, and this connection uses the role "${role}", which may only append. Run "portcullis audit retention --db <the owner's URL>" (for example from a daily job), or ask your database administrator.`,
      { role },
    );
  }
  await sql`DELETE FROM audit_events WHERE id < ${boundary}`.execute(trx);
  await sql`ALTER TABLE audit_events ENABLE TRIGGER audit_no_delete`.execute(trx);
}

/** A signed retention record as stored (migration 009). */
export interface RetentionRecordInput {
  first_kept_id: number;
  prev_hash: string;
  removed: number;
  at: string;
  fingerprint: string;
  signature: string;
}

/** Appends a signed retention record; call in the prune's transaction. */
export async function insertRetentionRecord(trx: Db, r: RetentionRecordInput): Promise<void> {
  await trx.$extendTables<CheckpointTables>().insertInto('audit_retention_records').values(r).execute();
}

/** The kept chain's anchor, or null when the chain starts at genesis. */
export async function currentAnchor(db: Db): Promise<{ first_id: number; prev_hash: string } | null> {
  return (await db.selectFrom('audit_anchor').select(['first_id', 'prev_hash']).executeTakeFirst()) ?? null;
}

/** True when at least one signed retention record exists. */
export async function hasRetentionRecords(db: Db): Promise<boolean> {
  const row = await db
    .$extendTables<CheckpointTables>()
    .selectFrom('audit_retention_records')
    .select('id')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
