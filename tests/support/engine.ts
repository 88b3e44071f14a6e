import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { serverHandle, startPgServer, type PgServer, type SharedPgServer } from './pg-server';
import type { Engine } from '../../electron/main/db/pg-target';

/** The environment variable the global setup puts the shared server in (JSON SharedPgServer). */
export const SHARED_PG_ENV = 'PORTCULLIS_TEST_PG';

/** The run's migrated template database (pg-global-setup.ts), copied for every test database. */
export const TEMPLATE_ENV = 'PORTCULLIS_TEST_PG_TEMPLATE';

/** The engine tests run on: PORTCULLIS_TEST_ENGINE=postgres, else SQLite (the default). */
export function testEngine(): Engine {
  return process.env.PORTCULLIS_TEST_ENGINE === 'postgres' ? 'postgres' : 'sqlite';
}

let server: Promise<PgServer> | undefined;

/**
 * The run's PostgreSQL server: the one scripts/test-postgres.sh / the global setup started
 * (PORTCULLIS_TEST_PG), else one started now for this test process and stopped when it exits.
 */
export function testPgServer(): Promise<PgServer> {
  server ??= (async () => {
    const shared = process.env[SHARED_PG_ENV];
    if (shared) return serverHandle(JSON.parse(shared) as SharedPgServer);
    const own = await startPgServer();
    process.once('beforeExit', () => void own.stop());
    return own;
  })();
  return server;
}

/** Database URL per SQLite path stood in for, and the folder whose removal ends it. */
const databases = new Map<string, { url: string; name: string; dir: string }>();
let template: Promise<string> | undefined;

/**
 * A migrated database to copy (copying beats migrating every test): the run's (global setup),
 * else one per test process.
 */
async function templateName(pg: PgServer, migrate: (url: string) => Promise<void>): Promise<string> {
  const shared = process.env[TEMPLATE_ENV];
  if (shared) return shared;
  template ??= (async () => {
    const name = `portcullis_template_${process.pid}`;
    await migrate(await pg.createDatabase({ name }));
    return name;
  })();
  return template;
}

/** Drops the databases whose test folder is gone (the test closed and removed its app). */
async function sweep(pg: PgServer): Promise<void> {
  for (const [path, d] of databases) {
    if (existsSync(d.dir)) continue;
    databases.delete(path);
    await pg.admin(`DROP DATABASE IF EXISTS ${d.name} WITH (FORCE)`);
  }
}

/**
 * What to hand a child process or a path-taking function (the CLI's --db, verifyDatabase) for the
 * database file `path`: on PostgreSQL the URL of the database standing for it in this test
 * process (opened before through openDatabase), else `path` itself.
 */
export function databaseArg(path: string): string {
  if (testEngine() !== 'postgres') return path;
  const known = databases.get(path);
  if (!known) throw new Error(`No PostgreSQL database stands for ${path}: open it (startServices) first.`);
  return known.url;
}

/** Whether a test database exists at `path` (PostgreSQL: one stands for it in this process). */
export function databaseExists(path: string): boolean {
  return testEngine() === 'postgres' ? databases.has(path) : existsSync(path);
}

/**
 * PostgreSQL: a copy of the database standing for `source` now stands for `target` (CREATE
 * DATABASE ... TEMPLATE; nobody may be connected to the source). The copy keeps its instance id,
 * as a copied file does.
 */
export async function copyPostgresFor(source: string, target: string): Promise<void> {
  const from = databases.get(source);
  if (!from) throw new Error(`No PostgreSQL database stands for ${source}: open it (startServices) first.`);
  const pg = await testPgServer();
  const url = await pg.createDatabase({ template: from.name });
  databases.set(target, { url, name: new URL(url).pathname.slice(1), dir: dirname(target) });
}

/**
 * The PostgreSQL database standing for the SQLite file `path` in this test process: the same
 * path gives the same database (a restart reopens it), a new path a fresh copy of a migrated
 * template (`fresh`: give it its own instance id). `migrate` opens and closes a URL
 * (openDatabase) to build the template.
 */
export async function postgresFor(
  path: string,
  migrate: (url: string) => Promise<void>,
): Promise<{ url: string; fresh: boolean }> {
  const known = databases.get(path);
  if (known) return { url: known.url, fresh: false };
  const pg = await testPgServer();
  await sweep(pg);
  const url = await pg.createDatabase({ template: await templateName(pg, migrate) });
  databases.set(path, { url, name: new URL(url).pathname.slice(1), dir: dirname(path) });
  return { url, fresh: true };
}
