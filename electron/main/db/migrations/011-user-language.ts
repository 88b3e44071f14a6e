import { sql, type Kysely } from 'kysely';
import type { Migration } from 'kysely/migration';

/**
 * Issue 17: the language a person reads the console, their emails and SMS in ('en', 'es' or
 * 'ru', shared/domain/language.ts). Null: not chosen yet, so the console follows the OS and
 * messages go out in the directory default (English). Same statement on both engines.
 */
export const userLanguage: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('en','es','ru'))`.execute(db);
  },
};
