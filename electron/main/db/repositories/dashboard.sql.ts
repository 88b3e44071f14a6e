import { sql } from 'kysely';
import type { Db } from '../connection';

// The dashboard's figures, each one indexed query; services/dashboard/ turns them into stats.

/** The `n` of a count query, 0 when it returned no row. */
async function count(q: Promise<{ n: number } | undefined>): Promise<number> {
  return (await q)?.n ?? 0;
}

/** Users per second-factor method (null = none). */
export function usersByTwoFactorMethod(db: Db): Promise<{ two_factor_method: string | null; n: number }[]> {
  return db
    .selectFrom('users')
    .select(['two_factor_method', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('two_factor_method')
    .execute();
}

/** Sessions neither ended nor expired at `now`. */
export function countActiveSessions(db: Db, now: string): Promise<number> {
  return count(
    db
      .selectFrom('sessions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('ended_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst(),
  );
}

/** Active accounts locked out at `now`. */
export function countLockedAccounts(db: Db, now: string): Promise<number> {
  return count(
    db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'active')
      .where('locked_until', '>', now)
      .executeTakeFirst(),
  );
}

/** Active accounts whose blocking date falls in (from, to]. */
export function countBlockingBetween(db: Db, from: string, to: string): Promise<number> {
  return count(
    db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('status', '=', 'active')
      .where('blocking_date', '>', from)
      .where('blocking_date', '<=', to)
      .executeTakeFirst(),
  );
}

/** Live API tokens expiring in (from, to]. */
export function countTokensExpiringBetween(db: Db, from: string, to: string): Promise<number> {
  return count(
    db
      .selectFrom('api_tokens')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('revoked_at', 'is', null)
      .where('expires_at', '>', from)
      .where('expires_at', '<=', to)
      .executeTakeFirst(),
  );
}

/** Sign-ins and failures since `from`, grouped by the first `prefix` characters of their time. */
export function signInCounts(
  db: Db,
  from: string,
  prefix: number,
): Promise<{ k: string; code: string; n: number }[]> {
  return db
    .selectFrom('audit_events')
    .select([sql<string>`substr(at, 1, ${prefix})`.as('k'), 'code', (eb) => eb.fn.countAll<number>().as('n')])
    .where('code', 'in', ['user:logged_in', 'user:login_failed'])
    .where('at', '>=', from)
    .groupBy([sql`k`, 'code'])
    .execute();
}
