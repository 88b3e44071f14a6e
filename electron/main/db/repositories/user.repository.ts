import { sql, type Selectable, type SelectQueryBuilder } from 'kysely';
import type { Db } from '../connection';
import type { Database, UsersTable } from '../schema';
import type { Role } from '../../../../shared/domain/roles';
import { normaliseSearch, userFilters, type UserQuery, type UsersSelect } from './user-filter.sql';
import { engineOfDb } from '../engine-sql';
import { containsCi, TRIGRAM_MIN, USER_SEARCH_TEXT } from '../search-text.sql';

export type { TwoFactorFilter, UserQuery } from './user-filter.sql';

export type UserRow = Selectable<UsersTable>;
type IdsQuery = SelectQueryBuilder<Database, 'users', { id: number }>;
/** Above this many filtered users the page walks the sort index (see `filters`). */
const WALK_ABOVE = 2_000;

export interface NewUser {
  username: string;
  displayName: string;
  email: string;
  phone: string | null;
  role: Role;
  canChangePassword: boolean;
  canSendSms: boolean;
  /** The password was set by someone else: the user must choose a new one at first sign-in. */
  mustChangePassword?: boolean | undefined;
  now: string;
}

/** A listed user with the number of live sessions. */
export type UserListRow = UserRow & { active_sessions: number };

/** Editable fields of a user (undefined = unchanged). */
export interface UserPatch {
  display_name?: string;
  email?: string;
  phone?: string | null;
  role?: Role;
  can_change_password?: number;
  can_send_sms?: number;
  blocking_date?: string | null;
  notify_blocking?: number;
  status?: 'active' | 'blocked';
  locked_until?: string | null;
  failed_attempts?: number;
  must_change_password?: number;
}

/** Counting filters stops here; the table then says "10,000+". */
export const COUNT_CAP = 10_000;
/** A search keeps at most this many matches; the table then asks for more letters. */
export const SEARCH_CAP = 1_000;
const SORT_COLUMNS = {
  username: 'username',
  email: 'email',
  role: 'role',
  createdAt: 'created_at',
  lastLoginAt: 'last_login_at',
} as const;

/** The users aggregate. */
export class UserRepository {
  constructor(private readonly db: Db) {}

  count(db: Db = this.db): Promise<number> {
    return db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => r.n);
  }

  findById(id: number, db: Db = this.db): Promise<UserRow | undefined> {
    return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Finds by username or email (both case-insensitive). */
  findByLogin(login: string, db: Db = this.db): Promise<UserRow | undefined> {
    return db
      .selectFrom('users')
      .selectAll()
      .where((eb) => eb.or([eb('username', '=', login), eb('email', '=', login)]))
      .executeTakeFirst();
  }

  async exists(username: string, email: string, db: Db = this.db): Promise<'username' | 'email' | null> {
    const row = await db
      .selectFrom('users')
      .select(['username', 'email'])
      .where((eb) => eb.or([eb('username', '=', username), eb('email', '=', email)]))
      .executeTakeFirst();
    if (!row) return null;
    return row.username.toLowerCase() === username.toLowerCase() ? 'username' : 'email';
  }

  async insert(user: NewUser, db: Db = this.db): Promise<UserRow> {
    return db
      .insertInto('users')
      .values({
        username: user.username,
        display_name: user.displayName,
        email: user.email,
        phone: user.phone,
        role: user.role,
        can_change_password: user.canChangePassword ? 1 : 0,
        can_send_sms: user.canSendSms ? 1 : 0,
        must_change_password: user.mustChangePassword ? 1 : 0,
        created_at: user.now,
        updated_at: user.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /**
   * One page of users, filtered and sorted in SQL, fast at 100,000 users. Search text matches
   * the start of any word of username, name, email or phone ("olsen", "corp.ex", "+4420"), one
   * range scan on user_terms. A search keeps at most SEARCH_CAP matches
   * (found through the indexes, then sorted), so a one-letter search costs as little as a full
   * name; the table then says "1,000+" and asks for more letters. Filters alone count up to
   * COUNT_CAP and page through the sort index.
   */
  async list(q: UserQuery): Promise<{ rows: UserListRow[]; total: number; capped: boolean }> {
    const search = q.search?.trim() ?? '';
    const unfiltered = !search && !q.role && !q.status && !q.twoFactor && !q.blockingBefore;
    let page = userFilters(this.db.selectFrom('users'), q);
    let total: number;
    let cap = COUNT_CAP;
    if (search) {
      cap = SEARCH_CAP;
      const ids = () => this.matchingIds(search, q);
      total = await this.db
        .selectFrom(
          ids()
            .limit(SEARCH_CAP + 1)
            .as('m'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => r.n);
      page = this.db.selectFrom('users').where('users.id', 'in', ids().limit(SEARCH_CAP));
    } else if (unfiltered) total = await this.count();
    else
      total = await this.db
        .selectFrom(
          page
            .select(sql<number>`1`.as('one'))
            .limit(COUNT_CAP + 1)
            .as('m'),
        )
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
        .then((r) => r.n);
    // Many users pass the filters: walk the sort index instead of sorting them all (a SQLite
    // planner hint; PostgreSQL plans this from its statistics).
    if (!search && !unfiltered && total > WALK_ABOVE && engineOfDb(this.db) === 'sqlite')
      page = userFilters(this.db.selectFrom('users'), q, true);
    const rows = await page
      .selectAll('users')
      .select(
        sql<number>`(SELECT count(*) FROM sessions s WHERE s.user_id = users.id AND s.ended_at IS NULL AND s.expires_at > ${q.now})`.as(
          'active_sessions',
        ),
      )
      .orderBy(`users.${SORT_COLUMNS[q.sort]}`, q.direction)
      .orderBy('users.id', q.direction)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    const capped = !unfiltered && total > cap;
    return { rows, total: capped ? cap : total, capped };
  }

  /**
   * Ids of users with a word starting with the search text, passing the filters (caller limits).
   * PostgreSQL also matches anywhere inside username, name, email or phone ("lsen", "example.o")
   * from 3 characters on, through the pg_trgm index of migration 010 (search-text.sql.ts).
   */
  private matchingIds(search: string, q: UserQuery): IdsQuery {
    const term = normaliseSearch(search);
    const terms = this.db
      .selectFrom('user_terms')
      .where('user_terms.term', '>=', term)
      .where('user_terms.term', '<', `${term}\u{10FFFF}`);
    const filtered = [q.role, q.status, q.twoFactor, q.blockingBefore].some(Boolean);
    // Without filters the user table is not touched at all: one range scan of the terms.
    const prefix = filtered
      ? userFilters(terms.innerJoin('users', 'users.id', 'user_terms.user_id') as unknown as UsersSelect, q)
          .select('users.id')
          .distinct()
      : (terms.select('user_terms.user_id as id').distinct() as unknown as IdsQuery);
    if (engineOfDb(this.db) !== 'postgres' || search.length < TRIGRAM_MIN) return prefix;
    const inside = userFilters(this.db.selectFrom('users'), q)
      .where(containsCi(USER_SEARCH_TEXT, search))
      .select('users.id');
    return prefix.union(inside);
  }

  /**
   * The rows as they are now, held until `trx` ends (PostgreSQL: SELECT … FOR UPDATE, in id
   * order): a permission re-checked on them cannot be undone by a promotion that commits before
   * this transaction does. SQLite's write transaction (BEGIN IMMEDIATE) already serialises.
   */
  lockByIds(ids: readonly number[], trx: Db): Promise<UserRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    const q = trx.selectFrom('users').selectAll().where('id', 'in', ids).orderBy('id');
    return (engineOfDb(trx) === 'postgres' ? q.forUpdate() : q).execute();
  }

  findByIds(ids: readonly number[], db: Db = this.db): Promise<UserRow[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('users').selectAll().where('id', 'in', ids).orderBy('id').execute();
  }

  /** Applies a patch; returns the updated row. */
  async update(id: number, patch: UserPatch, now: string, db: Db = this.db): Promise<UserRow> {
    return db
      .updateTable('users')
      .set({ ...patch, updated_at: now })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
  }
}
