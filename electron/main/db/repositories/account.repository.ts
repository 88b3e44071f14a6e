import type { Selectable } from 'kysely';
import type { Db } from '../connection';
import type { EmailChangesTable } from '../schema/my-security.schema';

export type EmailChangeRow = Selectable<EmailChangesTable>;

/** The user's own account settings: email changes, password history, notice preference. */
export class AccountRepository {
  constructor(private readonly db: Db) {}

  /** The newest `n` password hashes (current first), with when each was set. */
  passwordHistory(
    userId: number,
    n: number,
    db: Db = this.db,
  ): Promise<{ hash: string; created_at: string }[]> {
    return db
      .selectFrom('credentials')
      .select(['hash', 'created_at'])
      .where('user_id', '=', userId)
      .where('kind', '=', 'password')
      .orderBy('id', 'desc')
      .limit(Math.max(1, n))
      .execute();
  }

  async passwordChanged(userId: number, now: string, db: Db = this.db): Promise<void> {
    await db
      .updateTable('users')
      .set({ must_change_password: 0, updated_at: now })
      .where('id', '=', userId)
      .execute();
  }

  async setEmail(userId: number, email: string, now: string, db: Db = this.db): Promise<void> {
    await db.updateTable('users').set({ email, updated_at: now }).where('id', '=', userId).execute();
  }

  async setNotifyBlocking(userId: number, on: boolean, now: string, db: Db = this.db): Promise<void> {
    await db
      .updateTable('users')
      .set({ notify_blocking: on ? 1 : 0, updated_at: now })
      .where('id', '=', userId)
      .execute();
  }

  async emailTaken(email: string, exceptUserId: number, db: Db = this.db): Promise<boolean> {
    const row = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', email)
      .where('id', '!=', exceptUserId)
      .executeTakeFirst();
    return row !== undefined;
  }

  findEmailChange(userId: number, db: Db = this.db): Promise<EmailChangeRow | undefined> {
    return db.selectFrom('email_changes').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  async putEmailChange(
    row: { user_id: number; new_email: string; code_hash: string; expires_at: string; created_at: string },
    db: Db = this.db,
  ): Promise<void> {
    await db.deleteFrom('email_changes').where('user_id', '=', row.user_id).execute();
    await db.insertInto('email_changes').values(row).execute();
  }

  /**
   * Counts one try at the pending change's code and returns it to be compared, in one
   * statement; undefined when none is pending, it expired, or its `max` tries are used.
   */
  takeEmailCodeTry(
    userId: number,
    now: string,
    max: number,
    db: Db = this.db,
  ): Promise<{ new_email: string; code_hash: string; attempts: number } | undefined> {
    return db
      .updateTable('email_changes')
      .set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('user_id', '=', userId)
      .where('expires_at', '>', now)
      .where('attempts', '<', max)
      .returning(['new_email', 'code_hash', 'attempts'])
      .executeTakeFirst();
  }

  async dropEmailChange(userId: number, db: Db = this.db): Promise<void> {
    await db.deleteFrom('email_changes').where('user_id', '=', userId).execute();
  }
}
