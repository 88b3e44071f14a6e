import { sql, type Selectable } from 'kysely';
import type { Db } from '../connection';
import type { UsersTable } from '../schema';
import type { Role } from '../../../../shared/domain/roles';

export type UserRow = Selectable<UsersTable>;

export interface NewUser {
  username: string;
  displayName: string;
  email: string;
  phone: string | null;
  role: Role;
  canChangePassword: boolean;
  canSendSms: boolean;
  now: string;
}

export interface UserQuery {
  search?: string | undefined;
  role?: Role | undefined;
  status?: 'active' | 'locked' | 'blocked' | undefined;
  sort: 'username' | 'email' | 'role' | 'createdAt' | 'lastLoginAt';
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
  now: string;
}

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
        created_at: user.now,
        updated_at: user.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** Records a wrong password; locks until `lockUntil` when given. */
  async recordFailure(id: number, lockUntil: string | null, now: string, db: Db = this.db): Promise<void> {
    await db
      .updateTable('users')
      .set((eb) => ({
        failed_attempts: lockUntil ? 0 : eb('failed_attempts', '+', 1),
        locked_until: lockUntil,
        updated_at: now,
      }))
      .where('id', '=', id)
      .execute();
  }

  async recordLogin(id: number, now: string, db: Db = this.db): Promise<void> {
    await db
      .updateTable('users')
      .set({ failed_attempts: 0, locked_until: null, last_login_at: now, updated_at: now })
      .where('id', '=', id)
      .execute();
  }

  /** One page of users, filtered and sorted in SQL. */
  async list(q: UserQuery): Promise<{ rows: UserRow[]; total: number }> {
    let base = this.db.selectFrom('users');
    if (q.search) {
      const like = `%${q.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      base = base.where((eb) =>
        eb.or([
          eb('username', 'like', sql<string>`${like} ESCAPE '\\'`),
          eb('display_name', 'like', sql<string>`${like} ESCAPE '\\'`),
          eb('email', 'like', sql<string>`${like} ESCAPE '\\'`),
          eb('phone', 'like', sql<string>`${like} ESCAPE '\\'`),
        ]),
      );
    }
    if (q.role) base = base.where('role', '=', q.role);
    if (q.status === 'blocked') base = base.where('status', '=', 'blocked');
    if (q.status === 'locked') base = base.where('status', '=', 'active').where('locked_until', '>', q.now);
    if (q.status === 'active')
      base = base
        .where('status', '=', 'active')
        .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', q.now)]));
    const total = await base
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => r.n);
    const rows = await base
      .selectAll()
      .orderBy(SORT_COLUMNS[q.sort], q.direction)
      .orderBy('id', q.direction)
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    return { rows, total };
  }
}
