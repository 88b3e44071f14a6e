import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../connection';
import type { SessionsTable } from '../schema';

export type SessionRow = Selectable<SessionsTable>;

/** Sign-in sessions. */
export class SessionRepository {
  constructor(private readonly db: Db) {}

  async insert(row: Insertable<SessionsTable>, db: Db = this.db): Promise<SessionRow> {
    return db.insertInto('sessions').values(row).returningAll().executeTakeFirstOrThrow();
  }

  findById(id: string, db: Db = this.db): Promise<SessionRow | undefined> {
    return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async touch(id: string, now: string): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: now }).where('id', '=', id).execute();
  }

  /** Ends a session once; returns false when it had already ended. */
  async end(id: string, reason: string, now: string, db: Db = this.db): Promise<boolean> {
    const r = await db
      .updateTable('sessions')
      .set({ ended_at: now, end_reason: reason })
      .where('id', '=', id)
      .where('ended_at', 'is', null)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  listActiveByUser(userId: number, now: string): Promise<SessionRow[]> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('last_seen_at', 'desc')
      .execute();
  }
}
