import type { Kysely } from 'kysely';
import type { Db } from '../../db/connection';
import type { Database } from '../../db/schema';
import type { CheckpointTables } from '../../db/schema/checkpoint.schema';

export type { CheckpointTables } from '../../db/schema/checkpoint.schema';

/** A handle that also knows the checkpoint tables (same connection or transaction). */
export type CheckpointDb = Kysely<Database & CheckpointTables>;

/** Why a checkpoint was written. */
export type CheckpointReason = 'interval' | 'export' | 'backup' | 'shutdown';

/** What signs checkpoints: the directory's current key (signing-key.ts DirectorySigner satisfies it). */
export interface CheckpointSigner {
  directoryId: string;
  fingerprint: string;
  sign(text: string): string;
}

/** Where the signer comes from (signing-key.ts SigningKeys satisfies it). */
export interface SignerSource {
  current(): Promise<CheckpointSigner>;
}

/** The exact text a checkpoint signature covers. */
export function checkpointText(
  directoryId: string,
  lastEventId: number,
  headHash: string,
  count: number,
  at: string,
): string {
  return `portcullis-audit-checkpoint/1\n${directoryId}\n${lastEventId}\n${headHash}\n${count}\n${at}`;
}

/** The exact text a retention record's signature covers. */
export function retentionText(
  directoryId: string,
  firstKeptId: number,
  prevHash: string,
  removed: number,
  at: string,
): string {
  return `portcullis-audit-retention/1\n${directoryId}\n${firstKeptId}\n${prevHash}\n${removed}\n${at}`;
}

/** Keychain account holding a directory's latest checkpoint (rollback detection). */
export const headAccount = (directoryId: string): string => `audit-head:${directoryId}`;

/** What the keychain keeps of the latest checkpoint. */
export interface StoredHead {
  id: number;
  lastEventId: number;
  headHash: string;
  count: number;
  signature: string;
}

/** The latest checkpoint row, or null. */
export async function lastCheckpoint(db: Db) {
  return (
    (await db
      .$extendTables<CheckpointTables>()
      .selectFrom('audit_checkpoints')
      .selectAll()
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst()) ?? null
  );
}

/** Events removed by retention so far (the sum over signed retention records). */
export async function prunedTotal(db: CheckpointDb): Promise<number> {
  const r = await db
    .selectFrom('audit_retention_records')
    .select((eb) => eb.fn.sum<number>('removed').as('n'))
    .executeTakeFirst();
  return r?.n ?? 0;
}

/**
 * How many events the chain has held from genesis through event `id`, pruned ones included:
 * counted on from the last checkpoint when its event is still kept (retention removes only a
 * prefix), else from the signed retention records.
 */
export async function positionOf(
  db: CheckpointDb,
  last: { last_event_id: number; count: number } | null,
  id: number,
): Promise<number> {
  const anchor = await db.selectFrom('audit_anchor').select('first_id').executeTakeFirst();
  const from = last && last.last_event_id >= (anchor?.first_id ?? 0) ? last : null;
  const { n } = await db
    .selectFrom('audit_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('id', '>', from?.last_event_id ?? 0)
    .where('id', '<=', id)
    .executeTakeFirstOrThrow();
  return (from ? from.count : await prunedTotal(db)) + n;
}

/**
 * A database upgraded from before signed checkpoints may carry an anchor from an older prune
 * with no signed record. The first checkpoint ever written signs it once (trust on first use,
 * removed: 0); after that, only a prune can move the anchor.
 */
export async function adoptAnchor(db: CheckpointDb, signer: CheckpointSigner, at: string): Promise<void> {
  const anchor = await db.selectFrom('audit_anchor').selectAll().executeTakeFirst();
  if (!anchor) return;
  const any = await db.selectFrom('audit_retention_records').select('id').limit(1).executeTakeFirst();
  if (any) return;
  const text = retentionText(signer.directoryId, anchor.first_id, anchor.prev_hash, 0, at);
  await db
    .insertInto('audit_retention_records')
    .values({
      first_kept_id: anchor.first_id,
      prev_hash: anchor.prev_hash,
      removed: 0,
      at,
      fingerprint: signer.fingerprint,
      signature: signer.sign(text),
    })
    .execute();
}
