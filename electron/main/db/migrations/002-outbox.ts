import { sql, type Kysely } from 'kysely';
import { engineSql, runAll } from '../engine-sql';
import type { Migration } from 'kysely/migration';

/**
 * The transactional outbox (docs/product.md F8): every email and SMS is a row first. A one-time code
 * never sits in `body_text`/`body_html` itself: they hold a placeholder and the code is sealed
 * with the field cipher in `secret`, which is cleared once the message is delivered, fails or
 * is cancelled.
 */
export const outbox: Migration = {
  async up(db: Kysely<unknown>) {
    const e = engineSql(db);
    const statements = [
      sql`CREATE TABLE outbox (
        id ${sql.raw(e.autoId)},
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        user_id INTEGER REFERENCES users (id) ON DELETE SET NULL,
        channel TEXT NOT NULL CHECK (channel IN ('email','sms')),
        recipient TEXT NOT NULL,
        template TEXT NOT NULL,
        data TEXT NOT NULL DEFAULT '{}',
        subject TEXT NOT NULL DEFAULT '',
        body_text TEXT NOT NULL,
        body_html TEXT,
        secret TEXT,
        fallback_email TEXT,
        fallback_id INTEGER REFERENCES outbox (id),
        status TEXT NOT NULL DEFAULT 'pending'
          CHECK (status IN ('pending','sending','sent','failed','cancelled')),
        attempts INTEGER NOT NULL DEFAULT 0,
        max_attempts INTEGER NOT NULL,
        next_attempt_at TEXT NOT NULL,
        last_error TEXT,
        sent_at TEXT
      )${sql.raw(e.strict)}`,
      sql`CREATE INDEX outbox_due ON outbox (status, next_attempt_at)`,
      sql`CREATE INDEX outbox_created ON outbox (created_at)`,
    ];
    await runAll(db, statements);
  },
};
