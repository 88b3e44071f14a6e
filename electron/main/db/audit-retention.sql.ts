import { sql } from 'kysely';
import type { Db } from './connection';
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
 * was removed. The append-only trigger is lifted for the one DELETE and put back as it was.
 */
export async function pruneAuditBefore(trx: Db, cutoff: string, now: string): Promise<Pruned | null> {
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
  const trigger = await sql<{
    sql: string;
  }>`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_no_delete'`.execute(trx);
  await sql`DROP TRIGGER IF EXISTS audit_no_delete`.execute(trx);
  await sql`DELETE FROM audit_events WHERE id < ${boundary}`.execute(trx);
  const ddl = trigger.rows[0]?.sql;
  if (ddl) await sql.raw(ddl).execute(trx);
  await trx
    .insertInto('audit_anchor')
    .values({ id: 1, first_id: boundary, prev_hash: anchor, applied_at: now })
    .onConflict((oc) =>
      oc.column('id').doUpdateSet({ first_id: boundary, prev_hash: anchor, applied_at: now }),
    )
    .execute();
  return { removed, firstId: boundary, anchor };
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
