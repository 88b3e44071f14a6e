import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type { ConnectionOptions } from 'node:tls';
import type pg from 'pg';
import { pgPassLookup } from './pgpass';

/** The storage engines Portcullis runs on. */
export type Engine = 'sqlite' | 'postgres';

/** A --db / PORTCULLIS_DB value that is not something Portcullis can open. */
export class DatabaseTargetError extends Error {}

/** libpq's sslmode values this version honours; `allow`/`prefer` (silent plaintext fallback) are refused. */
const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
type SslMode = (typeof SSL_MODES)[number];

/** The URL query parameters understood (the names libpq uses). */
const PARAMS = ['sslmode', 'sslrootcert', 'application_name', 'connect_timeout', 'host'];

/** Which engine a target names: a postgres:// or postgresql:// URL, or else a file path (SQLite). */
export function engineOf(target: string): Engine {
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(target)?.[1]?.toLowerCase();
  if (scheme === undefined) return 'sqlite';
  if (scheme === 'postgres' || scheme === 'postgresql') return 'postgres';
  throw new DatabaseTargetError(
    `"${scheme}://" is not a database Portcullis can open. Give a SQLite file path or a postgres:// URL.`,
  );
}

/** A PostgreSQL target as pg needs it, plus a description that never holds the password. */
export interface PgTarget {
  config: pg.PoolConfig;
  /** `postgres://user@host:port/database` — safe for logs and error messages. */
  display: string;
}

const isLoopback = (host: string) =>
  host.startsWith('/') || ['localhost', '127.0.0.1', '::1', '[::1]'].includes(host);

function sslOptions(mode: SslMode, caFile: string | undefined, display: string): false | ConnectionOptions {
  if (mode === 'disable') return false;
  if (mode === 'require') return { rejectUnauthorized: false };
  let ca: string | undefined;
  if (caFile) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch {
      throw new DatabaseTargetError(
        `The CA certificate file ${caFile} (sslrootcert) for ${display} could not be read.`,
      );
    }
  }
  // verify-ca: the chain must lead to the CA; the host name is not compared (libpq's meaning).
  return mode === 'verify-ca'
    ? { ca, rejectUnauthorized: true, checkServerIdentity: () => undefined }
    : { ca, rejectUnauthorized: true };
}

/**
 * Parses a postgres:// URL. TLS: `sslmode` (default verify-full, or disable for a loopback host
 * or unix socket) and `sslrootcert` (CA file, also PGSSLROOTCERT). The password comes from the
 * URL if it has one, else PGPASSWORD, else the pgpass file (PGPASSFILE or ~/.pgpass).
 */
export function parsePgTarget(target: string, env: NodeJS.ProcessEnv = process.env): PgTarget {
  let url: URL;
  try {
    url = new URL(target);
  } catch {
    throw new DatabaseTargetError(
      'The PostgreSQL URL could not be read. Use the form postgres://user@host:5432/database.',
    );
  }
  const unknown = [...url.searchParams.keys()].filter((k) => !PARAMS.includes(k));
  if (unknown.length)
    throw new DatabaseTargetError(
      `Unknown PostgreSQL URL option(s): ${unknown.join(', ')}. Supported: ${PARAMS.join(', ')}.`,
    );
  const host =
    url.searchParams.get('host') ?? (url.hostname === '' ? 'localhost' : decodeURIComponent(url.hostname));
  const port = url.port ? Number(url.port) : Number(env.PGPORT ?? 5432);
  const orElse = (v: string, fallback: () => string) => (v === '' ? fallback() : v);
  const database = orElse(
    decodeURIComponent(url.pathname.replace(/^\//, '')),
    () => env.PGDATABASE ?? 'portcullis',
  );
  const user = orElse(decodeURIComponent(url.username), () => env.PGUSER ?? userInfo().username);
  const display = `postgres://${user}@${host.startsWith('/') ? `[socket ${host}]` : host}:${port}/${database}`;
  const rawMode =
    url.searchParams.get('sslmode') ?? env.PGSSLMODE ?? (isLoopback(host) ? 'disable' : 'verify-full');
  if (!(SSL_MODES as readonly string[]).includes(rawMode))
    throw new DatabaseTargetError(
      `sslmode=${rawMode} is not supported for ${display}: use ${SSL_MODES.join(', ')} ('prefer' and 'allow' could fall back to an unencrypted connection without saying so).`,
    );
  const caFile = url.searchParams.get('sslrootcert') ?? env.PGSSLROOTCERT;
  const timeout = Number(url.searchParams.get('connect_timeout') ?? 10);
  const password =
    url.password !== ''
      ? decodeURIComponent(url.password)
      : (env.PGPASSWORD ??
        pgPassLookup({ host: host.replace(/^\[|\]$/g, ''), port, database, user }, env) ??
        undefined);
  return {
    display,
    config: {
      host: host.replace(/^\[|\]$/g, ''),
      port,
      database,
      user,
      password,
      ssl: sslOptions(rawMode as SslMode, caFile, display),
      application_name: url.searchParams.get('application_name') ?? 'portcullis',
      connectionTimeoutMillis: Number.isFinite(timeout) && timeout > 0 ? timeout * 1000 : 10_000,
    },
  };
}
