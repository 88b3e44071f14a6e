import { sql, type Kysely } from 'kysely';
import { engineSql, runAll } from '../engine-sql';
import type { Migration } from 'kysely/migration';

/** API tokens (hashes only), the linked service token (encrypted) and pending email changes. */
export const mySecurity: Migration = {
  async up(db: Kysely<unknown>) {
    const e = engineSql(db);
    const statements = [
      sql`CREATE TABLE api_tokens (
        id ${sql.raw(e.autoId)},
        user_id INTEGER NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        role TEXT NOT NULL CHECK (role IN ('owner','admin','support','auditor','member')),
        token_hash TEXT NOT NULL UNIQUE,
        hint TEXT NOT NULL,
        created_at TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        last_used_at TEXT,
        revoked_at TEXT,
        revoked_by INTEGER
      )${sql.raw(e.strict)}`,
      sql`CREATE INDEX api_tokens_user ON api_tokens (user_id, created_at)`,
      sql`CREATE TABLE linked_tokens (
        user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        region TEXT NOT NULL CHECK (region IN ('ru','eu')),
        token_sealed TEXT NOT NULL,
        expires_at TEXT,
        source TEXT NOT NULL CHECK (source IN ('login','manual')),
        updated_at TEXT NOT NULL
      )${sql.raw(e.strict)}`,
      sql`CREATE TABLE email_changes (
        user_id INTEGER PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
        new_email TEXT NOT NULL,
        code_hash TEXT NOT NULL,
        attempts INTEGER NOT NULL DEFAULT 0,
        expires_at TEXT NOT NULL,
        created_at TEXT NOT NULL
      )${sql.raw(e.strict)}`,
    ];
    await runAll(db, statements);
  },
};
