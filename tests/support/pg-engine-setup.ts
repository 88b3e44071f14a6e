import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { vi } from 'vitest';
import { postgresFor, testEngine } from './engine';
import { openSyncPg } from './sync-pg';

/**
 * Vitest setup file of the PostgreSQL run (PORTCULLIS_TEST_ENGINE=postgres): every
 * openDatabase(<file path>) a test makes opens a PostgreSQL database standing for that file
 * instead (same path, same database), so the repository and service suites run unchanged on
 * PostgreSQL; URLs and ':memory:' pass through. The tests' direct look at the data
 * (`database.sqlite.prepare(...)`) is answered by PostgreSQL through a synchronous stand-in.
 */
vi.mock('../../electron/main/db/connection', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../electron/main/db/connection')>();
  if (testEngine() !== 'postgres') return real;
  const migrate = async (url: string) => {
    await (await real.openDatabase(url)).close();
  };
  const openDatabase = async (target: string) => {
    if (target === ':memory:' || target.includes('://')) return real.openDatabase(target);
    const { url, fresh } = await postgresFor(target, migrate);
    const opened = await real.openDatabase(url);
    // A copy of the template would share its instance id; a new directory has its own.
    if (fresh)
      await sql`UPDATE meta SET value = ${randomBytes(16).toString('hex')} WHERE key = 'instance_id'`.execute(
        opened.db,
      );
    const sqlite = openSyncPg(url);
    return {
      db: opened.db,
      engine: opened.engine,
      location: opened.location,
      sqlite,
      close: async () => {
        sqlite.close();
        await opened.close();
      },
    };
  };
  return { ...real, openDatabase };
});
