import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely } from 'kysely';
import { Migrator } from 'kysely/migration';
import type { Database } from './schema';
import { migrationProvider } from './migrations';
import { ImmediateSqliteDialect } from './immediate-sqlite-dialect';
import { engineOf, type Engine } from './pg-target';
import { connectPostgres } from './pg-connection';

export type Db = Kysely<Database>;
export type { Engine } from './pg-target';

export interface OpenedDatabase {
  db: Db;
  /** Which engine holds the data: a SQLite file or a PostgreSQL server. */
  engine: Engine;
  /** Where the data is, safe to show (a PostgreSQL URL without its password). */
  location: string;
  /**
   * The raw SQLite handle, for backups and integrity checks. SQLite only: on PostgreSQL reading
   * it throws a clear error, so check `engine` first where both engines can reach the caller.
   */
  readonly sqlite: BetterSqlite3.Database;
  close(): Promise<void>;
}

/** Migrates to the latest version (on PostgreSQL Kysely holds pg_advisory_lock meanwhile, so concurrent starts migrate once). */
async function migrate(db: Db, location: string): Promise<void> {
  const migrator = new Migrator({ db, provider: migrationProvider });
  const { error, results } = await migrator.migrateToLatest();
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    await db.destroy();
    const reason = error instanceof Error ? error.message : 'unknown error';
    throw new Error(
      `The database at ${location} could not be migrated (${failed?.migrationName ?? 'setup'}): ${reason}`,
    );
  }
}

/** Opens (creating if needed) the SQLite file with WAL and foreign keys, then migrates it. */
async function openSqlite(path: string): Promise<OpenedDatabase> {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new BetterSqlite3(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = FULL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = new Kysely<Database>({ dialect: new ImmediateSqliteDialect({ database: sqlite }) });
  await migrate(db, path);
  return { db, engine: 'sqlite', location: path, sqlite, close: () => db.destroy() };
}

/** Connects to the PostgreSQL database a postgres:// URL names, then migrates it. */
async function openPostgres(url: string): Promise<OpenedDatabase> {
  const { db, target } = await connectPostgres(url);
  await migrate(db, target.display);
  return {
    db,
    engine: 'postgres',
    location: target.display,
    get sqlite(): BetterSqlite3.Database {
      throw new Error(
        `This needs the SQLite engine, but the directory is on PostgreSQL (${target.display}).`,
      );
    },
    close: () => db.destroy(),
  };
}

/**
 * Opens a directory database: a file path (SQLite, the default) or a postgres:// /
 * postgresql:// URL (PostgreSQL); any other URL is refused. Migrates it to the latest version.
 */
export async function openDatabase(target: string): Promise<OpenedDatabase> {
  return engineOf(target) === 'postgres' ? openPostgres(target) : openSqlite(target);
}
