import { sql } from 'kysely';
import type { Db } from '../connection';

/** One try taken from an account's budget of wrong guesses. */
export interface TakenTry {
  userId: number;
  /** failed_attempts after this try was counted (1 = the first of a fresh count). */
  attempt: number;
  /** The lock this very try set by taking the last slot, else null. */
  lockedUntil: string | null;
}

/**
 * The per-account count of wrong guesses (users.failed_attempts) and the lock it sets. Every
 * change is one conditional UPDATE, so parallel calls, even from two processes on one database,
 * can never take more tries than the limit; plain portable SQL (SQLite today, PostgreSQL later).
 */
export class LoginAttemptRepository {
  constructor(private readonly db: Db) {}

  /**
   * Takes one try before a guess is evaluated. Counts it and, when it reaches `limit`, locks
   * until `lockUntil` in the same statement. An expired lock restarts the count. Undefined while
   * the account is locked: the guess must not be evaluated.
   */
  async take(
    userId: number,
    o: { now: string; limit: number; lockUntil: string },
    db: Db = this.db,
  ): Promise<TakenTry | undefined> {
    // SET expressions see the row as it was, so `next` is the same value in both columns.
    const next = sql<number>`(CASE WHEN locked_until IS NOT NULL THEN 1 ELSE failed_attempts + 1 END)`;
    const row = await db
      .updateTable('users')
      .set({
        failed_attempts: next,
        locked_until: sql<string | null>`CASE WHEN ${next} >= ${o.limit} THEN ${o.lockUntil} ELSE NULL END`,
        updated_at: o.now,
      })
      .where('id', '=', userId)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', o.now)]))
      .returning(['failed_attempts', 'locked_until'])
      .executeTakeFirst();
    if (!row) return undefined;
    return { userId, attempt: row.failed_attempts, lockedUntil: row.locked_until };
  }

  /**
   * The same as `take` for a login that matches no account (`key`: its keyed hash), so it is
   * counted, locked and answered exactly like a real one. Undefined while locked.
   */
  async takeUnknown(
    key: string,
    o: { now: string; limit: number; lockUntil: string },
    db: Db = this.db,
  ): Promise<{ attempt: number; lockedUntil: string | null } | undefined> {
    const next = sql<number>`(CASE WHEN unknown_logins.locked_until IS NOT NULL THEN 1 ELSE unknown_logins.failed_attempts + 1 END)`;
    const row = await db
      .insertInto('unknown_logins')
      .values({
        key,
        failed_attempts: 1,
        locked_until: o.limit <= 1 ? o.lockUntil : null,
        updated_at: o.now,
      })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({
            failed_attempts: next,
            locked_until: sql<
              string | null
            >`CASE WHEN ${next} >= ${o.limit} THEN ${o.lockUntil} ELSE NULL END`,
            updated_at: o.now,
          })
          .where((eb) =>
            eb.or([
              eb('unknown_logins.locked_until', 'is', null),
              eb('unknown_logins.locked_until', '<=', o.now),
            ]),
          ),
      )
      .returning(['failed_attempts', 'locked_until'])
      .executeTakeFirst();
    return row ? { attempt: row.failed_attempts, lockedUntil: row.locked_until } : undefined;
  }

  /** When an unknown login's lock ends (null when it has none). */
  async unknownLockedUntil(key: string, db: Db = this.db): Promise<string | null> {
    const row = await db
      .selectFrom('unknown_logins')
      .select('locked_until')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.locked_until ?? null;
  }

  /**
   * Gives a try back after a right answer that is not a completed sign-in (a correct password
   * with 2FA still to come, a step-up on the own page), so the count is as if it was never
   * taken. The lock is lifted only when this very try set it and nothing changed since; a lock
   * set by another call stays.
   */
  async giveBack(taken: TakenTry, now: string, db: Db = this.db): Promise<void> {
    let q = db
      .updateTable('users')
      .set((eb) => ({ failed_attempts: eb('failed_attempts', '-', 1), locked_until: null, updated_at: now }))
      .where('id', '=', taken.userId)
      .where('failed_attempts', '>', 0);
    q = taken.lockedUntil
      ? q.where('locked_until', '=', taken.lockedUntil).where('failed_attempts', '=', taken.attempt)
      : q.where('locked_until', 'is', null);
    await q.execute();
  }

  /**
   * A completed sign-in: the count starts again and `last_login_at` is set. False when another
   * call locked the account meanwhile (the sign-in must then be refused); a lock set by
   * `taken` itself, the try that just succeeded, is lifted.
   */
  async signedIn(taken: TakenTry, now: string, db: Db = this.db): Promise<boolean> {
    const r = await db
      .updateTable('users')
      .set({ failed_attempts: 0, locked_until: null, last_login_at: now, updated_at: now })
      .where('id', '=', taken.userId)
      .where((eb) =>
        eb.or([
          eb('locked_until', 'is', null),
          eb('locked_until', '<=', now),
          ...(taken.lockedUntil
            ? [
                eb.and([
                  eb('locked_until', '=', taken.lockedUntil),
                  eb('failed_attempts', '=', taken.attempt),
                ]),
              ]
            : []),
        ]),
      )
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /**
   * Writes the account's row first thing in a transaction that will read before it writes (an
   * audit append): SQLite then holds the write lock from the start and waits its busy timeout
   * for another connection, instead of failing when that one wrote between the read and the write.
   */
  async claim(userId: number, now: string, db: Db): Promise<void> {
    await db.updateTable('users').set({ updated_at: now }).where('id', '=', userId).execute();
  }

  /** `claim` for an unknown login's row. */
  async claimUnknown(key: string, now: string, db: Db): Promise<void> {
    await db.updateTable('unknown_logins').set({ updated_at: now }).where('key', '=', key).execute();
  }

  /** When the account's lock ends (null when it has none). */
  async lockedUntil(userId: number, db: Db = this.db): Promise<string | null> {
    const row = await db
      .selectFrom('users')
      .select('locked_until')
      .where('id', '=', userId)
      .executeTakeFirst();
    return row?.locked_until ?? null;
  }
}
