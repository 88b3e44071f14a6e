import type { Db } from '../connection';

/** Active users with a blocking date before `horizon` (notices due, or the date has come). */
export function usersBlockingBefore(
  db: Db,
  horizon: string,
): Promise<
  { id: number; username: string; email: string; blocking_date: string | null; notify_blocking: number }[]
> {
  // In id order on both engines (PostgreSQL returns rows in no order unless asked).
  return db
    .selectFrom('users')
    .select(['id', 'username', 'email', 'blocking_date', 'notify_blocking'])
    .where('status', '=', 'active')
    .where('blocking_date', 'is not', null)
    .where('blocking_date', '<', horizon)
    .orderBy('id')
    .execute();
}

/** Records today's notice for a user; false when one was already recorded (send nothing twice). */
export async function recordBlockingNotice(
  db: Db,
  userId: number,
  day: string,
  sentAt: string,
): Promise<boolean> {
  const inserted = await db
    .insertInto('blocking_notices')
    .values({ user_id: userId, day, sent_at: sentAt })
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  return Number(inserted.numInsertedOrUpdatedRows ?? 0n) > 0;
}

/** Blocks a user who is still active; false when somebody else changed the status first. */
export async function blockIfActive(db: Db, userId: number, now: string): Promise<boolean> {
  const r = await db
    .updateTable('users')
    .set({ status: 'blocked', updated_at: now })
    .where('id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}
