import { sql, type Kysely } from 'kysely';
import { engineSql } from '../engine-sql';
import type { Migration } from 'kysely/migration';

/**
 * Issue 12. `rate_limits`: counters for "at most N per window" limits (email-change requests per
 * user and hour); one row per key, the window restarts when it has passed; a table of its own,
 * so cancelling or confirming the limited thing does not reset its count. `unknown_logins`:
 * the wrong-password count and lock of logins that match no account, kept like a real account's
 * (in the file, so they hold across processes and restarts), keyed by a keyed hash of the login,
 * never the typed text.
 */
export const rateLimits: Migration = {
  async up(db: Kysely<unknown>) {
    const e = engineSql(db);
    await sql`CREATE TABLE rate_limits (
      key TEXT PRIMARY KEY,
      window_start TEXT NOT NULL,
      count INTEGER NOT NULL
    )${sql.raw(e.strict)}`.execute(db);
    await sql`CREATE TABLE unknown_logins (
      key TEXT PRIMARY KEY,
      failed_attempts INTEGER NOT NULL,
      locked_until TEXT,
      updated_at TEXT NOT NULL
    )${sql.raw(e.strict)}`.execute(db);
  },
};
