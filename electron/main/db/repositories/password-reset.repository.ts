import type { Db } from '../connection';

/** The live reset code a try was taken on: its id, hash and expiry. */
export interface TakenResetTry {
  id: number;
  user_id: number;
  code_hash: string;
  expires_at: string;
}

/**
 * Password reset codes (`password_resets`), whether support sent them or the person asked for
 * one. One live code per user: issuing a new one voids the older ones. Tries are counted in one
 * conditional UPDATE ... RETURNING, so parallel guesses can never pass the limit.
 */
export class PasswordResetRepository {
  constructor(private readonly db: Db) {}

  /** Voids the user's unused codes and stores a new one (hash only); its id. */
  async replace(
    userId: number,
    codeHash: string,
    o: { now: string; expiresAt: string },
    db: Db = this.db,
  ): Promise<number> {
    await this.voidLive(userId, o.now, db);
    const row = await db
      .insertInto('password_resets')
      .values({ user_id: userId, code_hash: codeHash, created_at: o.now, expires_at: o.expiresAt })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Marks every unused code of the user used (a blocked account keeps no live code). */
  async voidLive(userId: number, now: string, db: Db = this.db): Promise<void> {
    await db
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .execute();
  }

  /** When the user's newest code was issued (null: never), for the resend cooldown. */
  async latestIssuedAt(userId: number, db: Db = this.db): Promise<string | null> {
    const row = await db
      .selectFrom('password_resets')
      .select('created_at')
      .where('user_id', '=', userId)
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.created_at ?? null;
  }

  /**
   * Counts one try at the user's newest code and returns it to be compared; undefined when it is
   * used, expired or out of tries (then nothing is counted and nothing may be compared).
   */
  takeTry(userId: number, now: string, max: number, db: Db = this.db): Promise<TakenResetTry | undefined> {
    return db
      .updateTable('password_resets')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('id', '=', (eb) =>
        eb
          .selectFrom('password_resets as latest')
          .select((e) => e.fn.max('latest.id').as('id'))
          .where('latest.user_id', '=', userId),
      )
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .where('attempts', '<', max)
      .returning(['id', 'user_id', 'code_hash', 'expires_at'])
      .executeTakeFirst();
  }

  /** Uses the code up; false when it was already used (another window won the race). */
  async use(id: number, now: string, db: Db = this.db): Promise<boolean> {
    const r = await db
      .updateTable('password_resets')
      .set({ used_at: now })
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  /** True while the code can still be used (not used, not expired). */
  async isLive(id: number, now: string, db: Db = this.db): Promise<boolean> {
    const row = await db
      .selectFrom('password_resets')
      .select('id')
      .where('id', '=', id)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row !== undefined;
  }
}
