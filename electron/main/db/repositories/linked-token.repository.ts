import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../connection';
import type { LinkedTokensTable } from '../schema/my-security.schema';

export type LinkedTokenRow = Selectable<LinkedTokensTable>;

/** The linked service token per user (sealed). */
export class LinkedTokenRepository {
  constructor(private readonly db: Db) {}

  find(userId: number, db: Db = this.db): Promise<LinkedTokenRow | undefined> {
    return db.selectFrom('linked_tokens').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  async upsert(row: Insertable<LinkedTokensTable>, db: Db = this.db): Promise<void> {
    await db
      .insertInto('linked_tokens')
      .values(row)
      .onConflict((oc) =>
        oc.column('user_id').doUpdateSet({
          region: row.region,
          token_sealed: row.token_sealed,
          expires_at: row.expires_at ?? null,
          source: row.source,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async setExpiry(userId: number, expiresAt: string | null, db: Db = this.db): Promise<void> {
    await db
      .updateTable('linked_tokens')
      .set({ expires_at: expiresAt })
      .where('user_id', '=', userId)
      .execute();
  }
}
