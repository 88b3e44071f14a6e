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
  async due(now: string, limit: number, db: Db = this.db): Promise<OutboxRow[]> {
    return db
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

  /**
   * Claims up to `limit` due rows for one worker: they move to 'sending' with `updated_at = now`,
   * which starts their lease (see releaseExpired). On PostgreSQL the rows are picked with
   * `FOR UPDATE SKIP LOCKED`, so workers in other processes claiming at the same moment skip
   * them and take the next ones; on SQLite the write transaction (BEGIN IMMEDIATE) serialises
   * claims. Pass a transaction to hold the claim open (tests); returns the rows oldest first.
   */
  async claimDue(now: string, limit: number, db: Db = this.db): Promise<OutboxRow[]> {
    const claim = async (trx: Db): Promise<OutboxRow[]> => {
      const rows =
        engineOfDb(trx) === 'postgres'
          ? await trx
              .updateTable('outbox')
              .set({ status: 'sending', updated_at: now })
              .where('id', 'in', (eb) =>
                eb
                  .selectFrom('outbox')
                  .select('id')
                  .where('status', '=', 'pending')
                  .where('next_attempt_at', '<=', now)
                  .orderBy('next_attempt_at')
                  .orderBy('id')
                  .limit(limit)
                  .forUpdate()
                  .skipLocked(),
              )
              .returningAll()
              .execute()
          : await this.claimSqlite(trx, now, limit);
      return rows.sort((x, y) => x.next_attempt_at.localeCompare(y.next_attempt_at) || x.id - y.id);
    };
    return db.isTransaction ? claim(db) : db.transaction().execute(claim);
  }

  private async claimSqlite(trx: Db, now: string, limit: number): Promise<OutboxRow[]> {
    const ids = (await this.due(now, limit, trx)).map((r) => r.id);
    if (ids.length === 0) return [];
    return trx
      .updateTable('outbox')
      .set({ status: 'sending', updated_at: now })
      .where('id', 'in', ids)
      .where('status', '=', 'pending')
      .returningAll()
      .execute();
  }

  /** Puts claimed rows this worker did not get to back in the queue (a stop mid-batch). */
  async unclaim(ids: number[], now: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('outbox')
      .set({ status: 'pending', updated_at: now })
      .where('id', 'in', ids)
      .where('status', '=', 'sending')
      .execute();
  }

  /**
   * Rows whose lease ran out go back to pending: claimed ('sending') at or before `claimedBefore`
   * by a worker that crashed or lost its database. A worker in another process still sending
   * within its lease keeps its rows, so a second process starting never re-sends them.
   */
  async releaseExpired(claimedBefore: string, now: string): Promise<number> {
    const r = await this.db
      .updateTable('outbox')
      .set({ status: 'pending', updated_at: now })
      .where('status', '=', 'sending')
      .where('updated_at', '<=', claimedBefore)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }

  /**
   * Every row left 'sending' goes back to pending. Only for a database one process owns (a
   * SQLite file, at start-up, before the worker runs); with shared PostgreSQL use releaseExpired.
   */
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
