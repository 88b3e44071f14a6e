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

/** A Kysely on a pg pool for a postgres:// URL; one connection, so a process's transactions take turns as on SQLite. */
export async function connectPostgres(url: string): Promise<{ db: Kysely<Database>; target: PgTarget }> {
  const target = parsePgTarget(url);
  const pool = new pg.Pool({ ...target.config, max: 1, types });
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
