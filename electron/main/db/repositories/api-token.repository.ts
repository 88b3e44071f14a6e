import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../connection';
import type { ApiTokensTable } from '../schema/my-security.schema';
import { engineOfDb, likeCi } from '../engine-sql';

export type ApiTokenRow = Selectable<ApiTokensTable>;
/** A token with what its verification needs to know about its owner as they are now. */
export type ApiTokenWithOwner = ApiTokenRow & {
  username: string;
  user_status: string;
  owner_role: string;
  owner_blocking_date: string | null;
  owner_two_factor: string | null;
};

/** API tokens (hashes only). */
export class ApiTokenRepository {
  constructor(private readonly db: Db) {}

  insert(row: Insertable<ApiTokensTable>, db: Db = this.db): Promise<ApiTokenRow> {
    return db.insertInto('api_tokens').values(row).returningAll().executeTakeFirstOrThrow();
  }

  private withOwner(db: Db) {
    return db
      .selectFrom('api_tokens')
      .innerJoin('users', 'users.id', 'api_tokens.user_id')
      .selectAll('api_tokens')
      .select([
        'users.username as username',
        'users.status as user_status',
        'users.role as owner_role',
        'users.blocking_date as owner_blocking_date',
        'users.two_factor_method as owner_two_factor',
      ]);
  }

  findById(id: number, db: Db = this.db): Promise<ApiTokenWithOwner | undefined> {
    return this.withOwner(db).where('api_tokens.id', '=', id).executeTakeFirst();
  }

  findByHash(hash: string, db: Db = this.db): Promise<ApiTokenWithOwner | undefined> {
    return this.withOwner(db).where('api_tokens.token_hash', '=', hash).executeTakeFirst();
  }

  /** Tokens of one user, or of everybody (filtered by username part) when userId is null. */
  async list(
    q: { userId: number | null; search?: string | undefined },
    page: { page: number; pageSize: number } = { page: 1, pageSize: 1000 },
    db: Db = this.db,
  ): Promise<{ rows: ApiTokenWithOwner[]; total: number }> {
    let query = this.withOwner(db);
    let count = db.selectFrom('api_tokens').innerJoin('users', 'users.id', 'api_tokens.user_id');
    if (q.userId !== null) {
      query = query.where('api_tokens.user_id', '=', q.userId);
      count = count.where('api_tokens.user_id', '=', q.userId);
    }
    if (q.search) {
      const like = likeCi(engineOfDb(db), 'users.username', `%${q.search.replace(/[%_\\]/g, '')}%`);
      query = query.where(like);
      count = count.where(like);
    }
    const [rows, n] = await Promise.all([
      query
        .orderBy('api_tokens.created_at', 'desc')
        .orderBy('api_tokens.id', 'desc')
        .limit(page.pageSize)
        .offset((page.page - 1) * page.pageSize)
        .execute(),
      count.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
    ]);
    return { rows, total: Number(n.n) };
  }

  /** Marks a token revoked once; false when it already was. */
  async revoke(id: number, by: number | null, now: string, db: Db = this.db): Promise<boolean> {
    const r = await db
      .updateTable('api_tokens')
      .set({ revoked_at: now, revoked_by: by })
      .where('id', '=', id)
      .where('revoked_at', 'is', null)
      .executeTakeFirst();
    return r.numUpdatedRows > 0n;
  }

  async touch(id: number, now: string, db: Db = this.db): Promise<void> {
    await db.updateTable('api_tokens').set({ last_used_at: now }).where('id', '=', id).execute();
  }
}
