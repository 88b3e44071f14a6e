import { sql, type Kysely } from 'kysely';
import { engineSql, runAll } from '../engine-sql';
import type { Migration } from 'kysely/migration';

/** Second factors: the enabled method, backup codes and one-time codes (docs/product.md F3). */
export const twoFactor: Migration = {
  async up(db: Kysely<unknown>) {
    const e = engineSql(db);
    const statements = [
      // totp_secret is FieldCipher ciphertext; last_totp_step blocks replays of a used code.
      sql`CREATE TABLE two_factor (
        user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        method TEXT NOT NULL CHECK (method IN ('totp','email','sms')),
        totp_secret TEXT,
        phone TEXT,
        last_totp_step INTEGER,
        enabled_at TEXT NOT NULL
      )${sql.raw(e.strict)}`,
      sql`CREATE TABLE backup_codes (
        id ${sql.raw(e.autoId)},
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        code_hash TEXT NOT NULL,
        created_at TEXT NOT NULL,
        used_at TEXT
      )${sql.raw(e.strict)}`,
      sql`CREATE INDEX backup_codes_user ON backup_codes (user_id, used_at)`,
      sql`CREATE TABLE one_time_codes (
        id ${sql.raw(e.autoId)},
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        purpose TEXT NOT NULL,
        code_hash TEXT NOT NULL,
        channel TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        used_at TEXT
      )${sql.raw(e.strict)}`,
      sql`CREATE INDEX one_time_codes_user ON one_time_codes (user_id, purpose, id)`,
    ];
    await runAll(db, statements);
  },
};
