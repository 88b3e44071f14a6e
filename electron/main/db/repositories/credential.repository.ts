import type { Db } from '../connection';

/** Password hashes (argon2id PHC strings), newest last; older rows are the reuse history. */
export class CredentialRepository {
  constructor(private readonly db: Db) {}

  async currentPasswordHash(userId: number, db: Db = this.db): Promise<string | undefined> {
    const row = await db
      .selectFrom('credentials')
      .select('hash')
      .where('user_id', '=', userId)
      .where('kind', '=', 'password')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.hash;
  }

  async addPassword(userId: number, hash: string, now: string, db: Db = this.db): Promise<void> {
    await db
      .insertInto('credentials')
      .values({ user_id: userId, kind: 'password', hash, created_at: now })
      .execute();
  }
}
