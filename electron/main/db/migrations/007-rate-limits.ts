import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Counters for "at most N per window" limits (issue 12: email-change requests per user and
 * hour). One row per key; the window restarts when it has passed. A table of its own, so
 * cancelling or confirming the limited thing does not reset its count.
 */
export const rateLimits: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`CREATE TABLE rate_limits (
      key TEXT PRIMARY KEY,
      window_start TEXT NOT NULL,
      count INTEGER NOT NULL
    ) STRICT`.execute(db);
  },
};
