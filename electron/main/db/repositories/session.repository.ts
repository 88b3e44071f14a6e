import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../connection';
import type { SessionsTable } from '../schema';
import { engineOfDb, likeCi } from '../engine-sql';

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

  listActiveByUser(userId: number, now: string, db: Db = this.db): Promise<SessionRow[]> {
    return db
      .selectFrom('sessions')
      .selectAll()
      .where('user_id', '=', userId)
      .where('ended_at', 'is', null)
      .where('expires_at', '>', now)
      .orderBy('last_seen_at', 'desc')
      .execute();
  }

  /**
   * Sessions not yet ended but past a limit: idle since `idleBefore` or at their absolute
   * lifetime (`expires_at <= now`). The sweep ends them; oldest activity first, `limit` at a time.
   */
  listStale(now: string, idleBefore: string, limit: number): Promise<SessionRow[]> {
    return this.db
      .selectFrom('sessions')
      .selectAll()
      .where('ended_at', 'is', null)
      .where((eb) => eb.or([eb('expires_at', '<=', now), eb('last_seen_at', '<=', idleBefore)]))
      .orderBy('last_seen_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /**
   * One page of everybody's live sessions, with the owner's username (administrators' view) and
   * the total that match: newest activity first, id as the tie-break so pages never overlap.
   */
  async listActive(
    now: string,
    f: { user?: string | undefined; ip?: string | undefined },
    page: { page: number; pageSize: number } = { page: 1, pageSize: 50 },
  ): Promise<{ rows: (SessionRow & { username: string })[]; total: number }> {
    let q = this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .where('sessions.ended_at', 'is', null)
      .where('sessions.expires_at', '>', now);
    const engine = engineOfDb(this.db);
    if (f.user) q = q.where(likeCi(engine, 'users.username', `%${f.user.replace(/[%_\\]/g, '')}%`));
    if (f.ip) q = q.where(likeCi(engine, 'sessions.ip', `${f.ip.replace(/[%_\\]/g, '')}%`));
    const [rows, count] = await Promise.all([
      q
        .selectAll('sessions')
        .select('users.username as username')
        .orderBy('sessions.last_seen_at', 'desc')
        .orderBy('sessions.id', 'desc')
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize)
        .execute(),
      q.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(count.n) };
  }
}

/** Ends every live session of a user on `db` (a transaction's); returns the ended ids. */
export async function endAllSessionsOf(
  db: Db,
  userId: number,
  reason: string,
  now: string,
): Promise<string[]> {
  const rows = await db
    .updateTable('sessions')
    .set({ ended_at: now, end_reason: reason })
    .where('user_id', '=', userId)
    .where('ended_at', 'is', null)
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}
