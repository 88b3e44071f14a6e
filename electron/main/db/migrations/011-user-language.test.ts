import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { testEngine, testPgServer } from '../../../../tests/support/engine';
import { ImmediateSqliteDialect } from '../immediate-sqlite-dialect';
import { connectPostgres } from '../pg-connection';
import { migrationProvider } from './index';

/** A fresh empty database on the run's engine (PORTCULLIS_TEST_ENGINE). */
async function emptyDb(): Promise<Kysely<unknown>> {
  if (testEngine() === 'postgres') {
    const { db } = await connectPostgres(await (await testPgServer()).createDatabase());
    return db as Kysely<unknown>;
  }
  return new Kysely<unknown>({
    dialect: new ImmediateSqliteDialect({ database: new BetterSqlite3(':memory:') }),
  });
}

async function migrateTo(db: Kysely<unknown>, target: string): Promise<void> {
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(target);
  if (error) throw error instanceof Error ? error : new Error('migration failed');
}

const addUser = (db: Kysely<unknown>, username: string) =>
  sql`INSERT INTO users (username, display_name, email, role, created_at, updated_at)
    VALUES (${username}, ${username}, ${`${username}@example.com`}, 'member', 't', 't')`.execute(db);

const languageOf = async (db: Kysely<unknown>, username: string) =>
  (
    await sql<{ language: string | null }>`SELECT language FROM users WHERE username = ${username}`.execute(
      db,
    )
  ).rows[0]?.language;

let open: Kysely<unknown> | undefined;
afterEach(async () => {
  await open?.destroy();
  open = undefined;
});

describe(`migration 011: users.language (${testEngine()})`, () => {
  it('people who existed before keep no language (null: follow the OS, mail in English)', async () => {
    const db = (open = await emptyDb());
    await migrateTo(db, '009-audit-checkpoints');
    await addUser(db, 'before');
    await migrateTo(db, '011-user-language');
    expect(await languageOf(db, 'before')).toBeNull();
    await addUser(db, 'after');
    expect(await languageOf(db, 'after')).toBeNull();
  });

  it('takes en, es and ru, and null again', async () => {
    const db = (open = await emptyDb());
    await migrateTo(db, '011-user-language');
    await addUser(db, 'mike');
    for (const language of ['en', 'es', 'ru', null]) {
      await sql`UPDATE users SET language = ${language} WHERE username = 'mike'`.execute(db);
      expect(await languageOf(db, 'mike')).toBe(language);
    }
  });

  it.each(['de', 'EN', 'Ru', '', ' es', 'es-ES', "en' OR 1=1"])(
    'refuses %j by its CHECK and keeps the value before',
    async (bad) => {
      const db = (open = await emptyDb());
      await migrateTo(db, '011-user-language');
      await addUser(db, 'mike');
      await sql`UPDATE users SET language = 'ru' WHERE username = 'mike'`.execute(db);
      await expect(
        sql`UPDATE users SET language = ${bad} WHERE username = 'mike'`.execute(db),
      ).rejects.toThrow(/CHECK constraint|check constraint/i);
      expect(await languageOf(db, 'mike')).toBe('ru');
    },
  );
});
