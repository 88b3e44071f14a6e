import { sql, type SqlBool } from 'kysely';
import type { Db } from '../connection';

/**
 * "At most `limit` per window" counters. A hit is counted and checked in one upsert, so parallel
 * calls (two processes included) cannot pass the limit; portable SQL (SQLite and PostgreSQL
 * both have INSERT ... ON CONFLICT DO UPDATE ... WHERE ... RETURNING). The window is fixed: it
 * starts at the first hit and restarts with the first hit after it has passed.
 */
export class RateLimitRepository {
  constructor(private readonly db: Db) {}

  /**
   * Counts one hit for `key` at `now`; null (nothing counted) when the current window, which
   * started after `windowStartsAfter`, already has `limit` hits.
   */
  async hit(
    key: string,
    o: { now: string; windowStartsAfter: string; limit: number },
    db: Db = this.db,
  ): Promise<{ count: number; windowStart: string } | null> {
    const passed = sql<boolean>`rate_limits.window_start <= ${o.windowStartsAfter}`;
    const row = await db
      .insertInto('rate_limits')
      .values({ key, window_start: o.now, count: 1 })
      .onConflict((oc) =>
        oc
          .column('key')
          .doUpdateSet({
            count: sql<number>`CASE WHEN ${passed} THEN 1 ELSE rate_limits.count + 1 END`,
            window_start: sql<string>`CASE WHEN ${passed} THEN ${o.now} ELSE rate_limits.window_start END`,
          })
          .where(sql<SqlBool>`(${passed} OR rate_limits.count < ${o.limit})`),
      )
      .returning(['count', 'window_start'])
      .executeTakeFirst();
    return row ? { count: row.count, windowStart: row.window_start } : null;
  }

  /** When the current window of `key` started (null: no hits yet). */
  async windowStart(key: string, db: Db = this.db): Promise<string | null> {
    const row = await db
      .selectFrom('rate_limits')
      .select('window_start')
      .where('key', '=', key)
      .executeTakeFirst();
    return row?.window_start ?? null;
  }
}
