import { sql, type SelectQueryBuilder } from 'kysely';
import type { Database } from '../schema';
import type { Role } from '../../../../shared/domain/roles';

/** A query over the users table, as the directory builds it. */
export type UsersSelect = SelectQueryBuilder<Database, 'users', object>;
type FilterColumn = 'role' | 'status' | 'locked_until' | 'two_factor_method' | 'blocking_date';

/** Two-factor filter: any method, none, or one method. */
export type TwoFactorFilter = 'on' | 'off' | 'totp' | 'email' | 'sms';

export interface UserQuery {
  search?: string | undefined;
  role?: Role | undefined;
  status?: 'active' | 'locked' | 'blocked' | undefined;
  twoFactor?: TwoFactorFilter | undefined;
  /** Only users whose blocking date falls before this ISO time (and after `now`). */
  blockingBefore?: string | undefined;
  sort: 'username' | 'email' | 'role' | 'createdAt' | 'lastLoginAt';
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
  now: string;
}

/** The search text as stored in user_terms: ASCII lower-case, separators as spaces. */
export function normaliseSearch(text: string): string {
  // Phone numbers are typed with spaces and brackets but stored as digits.
  if (/^[+\d\s()-]+$/.test(text) && /\d/.test(text)) return text.replace(/\D/g, '');
  return text
    .replace(/[A-Z]/g, (c) => c.toLowerCase())
    .replace(/[.@_\-+]/g, ' ')
    .trim();
}

/**
 * The role, status, 2FA and blocking filters. `walk` writes "+users.column": SQLite then does
 * not fetch every match through the filter's index and sort them, but walks the sort
 * column's index and stops after one page (right for filters most users pass).
 */
export function userFilters(base: UsersSelect, q: UserQuery, walk = false): UsersSelect {
  const c = (name: FilterColumn) =>
    walk ? sql<string | null>`+users.${sql.ref(name)}` : sql.ref<string | null>(`users.${name}`);
  if (q.role) base = base.where(c('role'), '=', q.role);
  if (q.status === 'blocked') base = base.where(c('status'), '=', 'blocked');
  if (q.status === 'locked')
    base = base.where(c('status'), '=', 'active').where(c('locked_until'), '>', q.now);
  if (q.status === 'active')
    base = base
      .where(c('status'), '=', 'active')
      .where((eb) => eb.or([eb(c('locked_until'), 'is', null), eb(c('locked_until'), '<=', q.now)]));
  if (q.twoFactor === 'on') base = base.where(c('two_factor_method'), 'is not', null);
  else if (q.twoFactor === 'off') base = base.where(c('two_factor_method'), 'is', null);
  else if (q.twoFactor) base = base.where(c('two_factor_method'), '=', q.twoFactor);
  if (q.blockingBefore)
    base = base
      .where(c('status'), '=', 'active')
      .where(c('blocking_date'), 'is not', null)
      .where(c('blocking_date'), '>', q.now)
      .where(c('blocking_date'), '<=', q.blockingBefore);
  return base;
}
