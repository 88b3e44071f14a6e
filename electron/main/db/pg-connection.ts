import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './schema';
import { parsePgTarget, type PgTarget } from './pg-target';

/** int8 (count(*), bigint) read as a JS number, not a string; every id and count Portcullis keeps is far below 2^53. */
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, 'text', Number);

/** What went wrong opening `target`, for a person: never the password, always what to do. */
export function describePgError(e: unknown, target: PgTarget): Error {
  const err = e as { code?: string; message?: string };
  const secret = typeof target.config.password === 'string' ? target.config.password : '';
  const clean = (s: string) => (secret ? s.split(secret).join('***') : s);
  const where = target.display;
  const user = String(target.config.user);
  switch (err.code) {
    case 'ECONNREFUSED':
      return new Error(`Nothing answers at ${where}: is the PostgreSQL server running and listening there?`);
    case 'ENOTFOUND':
      return new Error(`The host in ${where} could not be found; check the URL.`);
    case '28P01':
    case '28000':
      return new Error(
        `PostgreSQL refused the sign-in of user "${user}" at ${where}. Check the password in your pgpass file (PGPASSFILE) and the server's pg_hba.conf.`,
      );
    case '3D000':
      return new Error(
        `The database in ${where} does not exist. Create it first (as an administrator): CREATE DATABASE ... OWNER ${user};`,
      );
  }
  const message = clean(err.message ?? String(e));
  if (/password must be a string|no password/i.test(message))
    return new Error(
      `PostgreSQL asks for a password for user "${user}" at ${where} and none was found. Put it in a pgpass file (PGPASSFILE, mode 0600) — never in a config file.`,
    );
  return new Error(`PostgreSQL at ${where} could not be used: ${message}`);
}

/**
 * PostgreSQL connections a process opens per database unless told otherwise: one, so the
 * desktop's and the CLI's transactions take turns as on SQLite. A team server may use more
 * (`portcullis serve --db-pool N`, docs/team-server.md): every race between transactions is
 * settled in the database (row locks, the audit chain's advisory lock, single-statement
 * updates), which is what makes two servers on one database safe too.
 */
export const DEFAULT_PG_POOL = 1;
/** The largest pool `--db-pool` accepts (connections per server process). */
export const MAX_PG_POOL = 50;

let processPool = DEFAULT_PG_POOL;

/** `serve --db-pool N`: databases this process opens from now on get pools of N connections. */
export function setPostgresPoolSize(n: number): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_PG_POOL)
    throw new RangeError(
      `A PostgreSQL pool holds 1 to ${String(MAX_PG_POOL)} connections, not ${String(n)}.`,
    );
  processPool = n;
}

/** The pool size databases opened now get (1 unless `setPostgresPoolSize` said otherwise). */
export function postgresPoolSize(): number {
  return processPool;
}

/** A Kysely on a pg pool for a postgres:// URL: `pool` connections (default: the process's, normally one). */
export async function connectPostgres(
  url: string,
  o: { pool?: number } = {},
): Promise<{ db: Kysely<Database>; target: PgTarget }> {
  const target = parsePgTarget(url);
  const pool = new pg.Pool({ ...target.config, max: o.pool ?? processPool, types });
  // An idle connection the server closed must not crash the process; the next query reports it.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    client.release();
  } catch (e) {
    await pool.end().catch(() => undefined);
    throw describePgError(e, target);
  }
  return { db: new Kysely<Database>({ dialect: new PostgresDialect({ pool }) }), target };
}
