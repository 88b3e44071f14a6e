import { sql } from 'kysely';
import type { Db } from '../../db/connection';
import { engineOfDb } from '../../db/engine-sql';
import { AUDIT_CHAIN_LOCK } from '../../db/repositories/audit.repository';
import type { Clock } from '../../adapters/clock';
import type { Keychain } from '../../adapters/keychain.port';
import type { Logger } from '../../adapters/logger';
import type { CheckpointTables } from '../../db/schema/checkpoint.schema';
import {
  checkpointText,
  headAccount,
  lastCheckpoint,
  adoptAnchor,
  positionOf,
  type CheckpointDb,
  type CheckpointReason,
  type CheckpointSigner,
  type SignerSource,
  type StoredHead,
} from './checkpoint-format';

export * from './checkpoint-format';

/** Default: a signed checkpoint at least every this many events. */
export const CHECKPOINT_EVERY = 1000;

/**
 * Signed checkpoints of the live chain: at least every N events (inside the writing transaction,
 * signed in memory with the cached key), and on demand at export, backup and shutdown. The
 * latest one is copied to the keychain after it commits.
 */
export class AuditCheckpoints {
  readonly every: number;
  private cached: CheckpointSigner | null = null;
  private loading: Promise<CheckpointSigner> | null = null;
  private readonly pending = new Set<Promise<unknown>>();
  private headChain: Promise<void> = Promise.resolve();
  private headWritten: string | null = null;
  private retryAt = 0;
  private knownLast = 0;

  constructor(
    private readonly db: Db,
    private readonly keys: SignerSource,
    /** The keychain the latest checkpoint is copied to. */
    readonly keychain: Keychain,
    private readonly clock: Clock,
    private readonly o: { every?: number | undefined; logger?: Logger | undefined } = {},
  ) {
    this.every = o.every ?? CHECKPOINT_EVERY;
  }

  /** The directory's signer, loaded once (creates the first key on first use). */
  async signer(): Promise<CheckpointSigner> {
    if (this.cached) return this.cached;
    this.loading ??= this.keys.current().finally(() => {
      this.loading = null;
    });
    this.cached = await this.loading;
    return this.cached;
  }

  /** Forgets the cached signer (after a key rotation). */
  forgetSigner(): void {
    this.cached = null;
  }

  /**
   * Called by AuditService after each append, inside the caller's transaction: nothing until N
   * events have passed since the last checkpoint this process saw, then one indexed lookup, a
   * signature and an insert. Never waits for the keychain.
   */
  async afterAppend(trx: Db, row: { id: number }): Promise<void> {
    // The last checkpoint as last read: only a lower bound is needed to know nothing is due yet.
    if (row.id - this.knownLast < this.every) return;
    const last = await lastCheckpoint(trx);
    this.knownLast = last?.last_event_id ?? 0;
    if (row.id - this.knownLast < this.every) return;
    if (this.cached && !(await this.isCurrent(trx, this.cached))) this.cached = null;
    if (!this.cached) {
      // One load at a time; after a failure (no keychain) wait N more events before trying again.
      if (this.loading || row.id < this.retryAt) return;
      this.track(
        this.signer()
          .then(() => this.db.transaction().execute((t) => this.catchUp(t)))
          .then(() => this.syncHead())
          .catch((e: unknown) => {
            this.retryAt = row.id + this.every;
            throw e;
          }),
      );
      return;
    }
    if (await this.catchUp(trx)) this.track(this.syncHead());
  }

  /** False when another process rotated the key since this one loaded it. */
  private async isCurrent(db: Db, signer: CheckpointSigner): Promise<boolean> {
    const newest = await db
      .selectFrom('audit_signing_keys')
      .select('fingerprint')
      .orderBy('seq', 'desc')
      .limit(1)
      .executeTakeFirst();
    return newest?.fingerprint === signer.fingerprint;
  }

  /** Writes checkpoints at every N-th event after the last one; true when it wrote any. */
  private async catchUp(db: Db): Promise<boolean> {
    const signer = this.cached;
    if (!signer) return false;
    await lockChain(db);
    const cdb = db.$extendTables<CheckpointTables>();
    const last = await lastCheckpoint(db);
    let prev = last;
    if (!last) await adoptAnchor(cdb, signer, this.clock.now().toISOString());
    let wrote = false;
    for (;;) {
      const nth = await cdb
        .selectFrom('audit_events')
        .select(['id', 'hash'])
        .where('id', '>', prev?.last_event_id ?? 0)
        .orderBy('id')
        .limit(1)
        .offset(this.every - 1)
        .executeTakeFirst();
      if (!nth) return wrote;
      prev = await this.insert(cdb, signer, nth, await positionOf(cdb, prev, nth.id), 'interval');
      wrote = true;
    }
  }

  private async insert(
    db: CheckpointDb,
    signer: CheckpointSigner,
    event: { id: number; hash: string },
    count: number,
    reason: CheckpointReason,
  ) {
    const at = this.clock.now().toISOString();
    const text = checkpointText(signer.directoryId, event.id, event.hash, count, at);
    return db
      .insertInto('audit_checkpoints')
      .values({
        last_event_id: event.id,
        head_hash: event.hash,
        count,
        at,
        reason,
        fingerprint: signer.fingerprint,
        signature: signer.sign(text),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * Signs a checkpoint over the newest event now (export, backup, shutdown), unless the newest
   * event already has one; then copies it to the keychain. Returns the latest checkpoint.
   */
  async checkpoint(reason: CheckpointReason) {
    if (this.cached && !(await this.isCurrent(this.db, this.cached))) this.cached = null;
    const signer = await this.signer();
    const row = await this.db.transaction().execute(async (trx) => {
      await lockChain(trx);
      const cdb = trx.$extendTables<CheckpointTables>();
      const last = await lastCheckpoint(trx);
      const head = await cdb
        .selectFrom('audit_events')
        .select(['id', 'hash'])
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!head || head.id === last?.last_event_id) return last;
      if (!last) await adoptAnchor(cdb, signer, this.clock.now().toISOString());
      return this.insert(cdb, signer, head, await positionOf(cdb, last, head.id), reason);
    });
    await this.syncHead();
    return row;
  }

  /** Waits for deferred checkpoints, signs one at shutdown if events are uncovered, syncs the head. */
  async close(): Promise<void> {
    await this.settle();
    try {
      const last = await lastCheckpoint(this.db);
      const head = await this.db
        .selectFrom('audit_events')
        .select('id')
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (head && head.id !== last?.last_event_id) await this.checkpoint('shutdown');
      else await this.syncHead();
    } catch (e) {
      this.o.logger?.warn('audit checkpoint at shutdown failed', { error: (e as Error).message });
    }
  }

  /** Waits until deferred checkpoints and keychain writes have finished. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  /** Copies the latest committed checkpoint to the keychain (serialised; errors are logged). */
  syncHead(): Promise<void> {
    this.headChain = this.headChain.then(async () => {
      try {
        const last = await lastCheckpoint(this.db);
        if (!last || last.signature === this.headWritten) return;
        const signer = await this.signer();
        const head: StoredHead = {
          id: last.id,
          lastEventId: last.last_event_id,
          headHash: last.head_hash,
          count: last.count,
          signature: last.signature,
        };
        await this.keychain.set(headAccount(signer.directoryId), JSON.stringify(head));
        this.headWritten = last.signature;
      } catch (e) {
        this.o.logger?.warn('could not copy the audit checkpoint to the keychain', {
          error: (e as Error).message,
        });
      }
    });
    return this.headChain;
  }

  private track(p: Promise<unknown>): void {
    const tracked = p.catch((e: unknown) => {
      this.o.logger?.warn('audit checkpoint failed', { error: (e as Error).message });
    });
    this.pending.add(tracked);
    void tracked.finally(() => this.pending.delete(tracked));
  }
}

/**
 * PostgreSQL: a checkpoint takes the chain's lock (as appends do; held already inside an append's
 * transaction), so two processes never sign the same stretch twice or out of order.
 */
async function lockChain(trx: Db): Promise<void> {
  if (engineOfDb(trx) === 'postgres')
    await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
}
