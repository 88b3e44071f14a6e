import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../connection';
import type { OutboxStatus, OutboxTable } from '../schema/outbox.schema';
import { engineOfDb, likeCi } from '../engine-sql';

export type OutboxRow = Selectable<OutboxTable>;
export type NewOutboxRow = Insertable<OutboxTable>;

export interface OutboxQuery {
  status?: OutboxStatus | undefined;
  channel?: 'email' | 'sms' | undefined;
  search?: string | undefined;
  page: number;
  pageSize: number;
}

/** The transactional outbox: queued, sent, failed and cancelled emails and SMS. */
export class OutboxRepository {
  constructor(private readonly db: Db) {}

  /** Inserts a pending row; call with the caller's transaction. */
  async insert(row: NewOutboxRow, db: Db = this.db): Promise<number> {
    const r = await db.insertInto('outbox').values(row).returning('id').executeTakeFirstOrThrow();
    return r.id;
  }

  /**
   * Inserts a pending row whose one-time code is sealed for that very row: `seal(id)` runs once
   * the id is known, and the secret is written in the same transaction, so no one (the worker
   * included) ever sees the row without it.
   */
  async insertSealed(
    row: Omit<NewOutboxRow, 'secret'>,
    seal: (id: number) => string,
    db: Db = this.db,
  ): Promise<number> {
    const write = async (trx: Db) => {
      const id = await this.insert({ ...row, secret: null }, trx);
      await trx
        .updateTable('outbox')
        .set({ secret: seal(id) })
        .where('id', '=', id)
        .execute();
      return id;
    };
    return db.isTransaction ? write(db) : db.transaction().execute(write);
  }

  async get(id: number, db: Db = this.db): Promise<OutboxRow | undefined> {
    return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Pending rows whose next attempt is due, oldest first. */
  async due(now: string, limit: number): Promise<OutboxRow[]> {
    return this.db
      .selectFrom('outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** Earliest next attempt among pending rows, for the worker's sleep. */
  async nextDue(): Promise<string | null> {
    const r = await this.db
      .selectFrom('outbox')
      .select((eb) => eb.fn.min<string>('next_attempt_at').as('at'))
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return r?.at ?? null;
  }

  /** Moves a pending row to 'sending'; false when someone else changed it first. */
  async claim(id: number, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('outbox')
      .set({ status: 'sending', updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  }

  /** Rows left 'sending' by a crash go back to pending (at start-up, before the worker runs). */
  async releaseStuck(now: string): Promise<number> {
    const r = await this.db
      .updateTable('outbox')
      .set({ status: 'pending', updated_at: now })
      .where('status', '=', 'sending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /** Marks a row delivered and forgets its sealed code. */
  async markSent(id: number, now: string, attempts: number, db: Db = this.db): Promise<void> {
    await db
      .updateTable('outbox')
      .set({ status: 'sent', sent_at: now, updated_at: now, attempts, secret: null, last_error: null })
      .where('id', '=', id)
      .execute();
  }

  async markRetry(id: number, now: string, attempts: number, next: string, error: string): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status: 'pending', updated_at: now, attempts, next_attempt_at: next, last_error: error })
      .where('id', '=', id)
      .execute();
  }

  /** Gives up on a row (its code is forgotten); `fallbackId` links an SMS to its fallback email. */
  async markFailed(
    id: number,
    now: string,
    attempts: number,
    error: string,
    fallbackId: number | null = null,
    db: Db = this.db,
  ): Promise<void> {
    await db
      .updateTable('outbox')
      .set({
        status: 'failed',
        updated_at: now,
        attempts,
        last_error: error,
        secret: null,
        fallback_id: fallbackId,
      })
      .where('id', '=', id)
      .execute();
  }

  /** Records why an SMS went to email instead, next to its template data. */
  async noteFallback(id: number, data: string, db: Db = this.db): Promise<void> {
    await db.updateTable('outbox').set({ data }).where('id', '=', id).execute();
  }

  /** Puts a failed (or pending) row back in the queue, due now. */
  async retryNow(id: number, now: string, db: Db = this.db): Promise<boolean> {
    const r = await db
      .updateTable('outbox')
      .set({ status: 'pending', updated_at: now, next_attempt_at: now, attempts: 0 })
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'failed'])
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  }

  /** Cancels a row that has not been sent; its code is forgotten. */
  async cancel(id: number, now: string, db: Db = this.db): Promise<boolean> {
    const r = await db
      .updateTable('outbox')
      .set({ status: 'cancelled', updated_at: now, secret: null })
      .where('id', '=', id)
      .where('status', 'in', ['pending', 'failed'])
      .executeTakeFirst();
    return r.numUpdatedRows === 1n;
  }

  async list(q: OutboxQuery): Promise<{ rows: OutboxRow[]; total: number }> {
    let base = this.db.selectFrom('outbox');
    if (q.status) base = base.where('status', '=', q.status);
    if (q.channel) base = base.where('channel', '=', q.channel);
    if (q.search) {
      const like = `%${q.search}%`;
      const engine = engineOfDb(this.db);
      base = base.where((eb) =>
        eb.or(['recipient', 'subject', 'template'].map((column) => likeCi(engine, column, like))),
      );
    }
    const total = await base
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => r.n);
    const rows = await base
      .selectAll()
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    return { rows, total };
  }

  async counts(): Promise<Record<OutboxStatus, number>> {
    const rows = await this.db
      .selectFrom('outbox')
      .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
      .groupBy('status')
      .execute();
    const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
    for (const r of rows) out[r.status] = r.n;
    return out;
  }
}
