import type { Db } from '../connection';

/**
 * Sets must_change_password when the user's newest password is at least `maxAgeDays` old at
 * `now` (password maximum age). Runs on the given connection only.
 */
export async function flagPasswordOlderThan(
  db: Db,
  userId: number,
  maxAgeDays: number,
  now: Date,
): Promise<void> {
  const latest = await db
    .selectFrom('credentials')
    .select('created_at')
    .where('user_id', '=', userId)
    .where('kind', '=', 'password')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (latest && now.getTime() >= new Date(latest.created_at).getTime() + maxAgeDays * 86_400_000)
    await db.updateTable('users').set({ must_change_password: 1 }).where('id', '=', userId).execute();
}
