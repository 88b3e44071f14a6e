import { isIP } from 'node:net';
import { z } from 'zod';
import type { Keychain } from '../adapters/keychain.port';
import type { Clock } from '../adapters/clock';
import type { Logger } from '../adapters/logger';
import type { ContainerOptions } from '../container';
import { isPostgresUrl } from '../app-paths';
import { DEFAULT_PG_POOL, MAX_PG_POOL } from '../db/pg-connection';

/** Transport limits; every one has a default suited to a team of operators and their scripts. */
export interface ServerLimits {
  /** Largest request body accepted (bytes); larger answers 413. Default 1 MiB. */
  bodyBytes: number;
  /** Requests per client address: a burst of `burst`, refilled at `perSecond`. Default 240 and 20/s. */
  perClient: { burst: number; perSecond: number };
  /** Requests per session or API token. Default 120 and 10/s. */
  perPrincipal: { burst: number; perSecond: number };
  /** Time for a client to send its request headers (slowloris), ms. Default 10 s. */
  headersTimeoutMs: number;
  /** Time for a client to send its whole request, ms. Default 30 s. */
  requestTimeoutMs: number;
  /** Open event streams at most (all clients together). Default 1000. */
  eventStreams: number;
  /** How often each event stream's session is re-checked (expiry; a server without LISTEN/NOTIFY), ms. Default 15 s. */
  eventRecheckMs: number;
}

export const DEFAULT_LIMITS: ServerLimits = {
  bodyBytes: 1024 * 1024,
  perClient: { burst: 240, perSecond: 20 },
  perPrincipal: { burst: 120, perSecond: 10 },
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  eventStreams: 1000,
  eventRecheckMs: 15_000,
};

/** What `startServer` needs: the database, where to listen, TLS, where the keys live. */
export interface ServerOptions {
  /** A postgres:// URL; a SQLite file path is accepted on a loopback address only (tests, trying it out). */
  db: string;
  /** "HOST:PORT" ("[::1]:8443" for IPv6); port 0 picks a free one. */
  listen: string;
  /** PEM certificate chain and private key (contents, not paths); required unless the host is loopback. */
  tls?: { cert: string | Buffer; key: string | Buffer };
  /** Where the data key and audit signing key live: the OS keychain by default, or a KeyFileKeychain. */
  keychain?: Keychain;
  /** Service logs; the access log goes here too unless `accessLog` is given. */
  logger?: Logger;
  /** One line per request: method, path, status, time, client address, who (never a secret or a body). */
  accessLog?: Logger;
  limits?: Partial<ServerLimits>;
  clock?: Clock;
  /** Outbox retry policy and worker poll interval (tests shorten them). */
  delivery?: ContainerOptions['delivery'];
  /** Start the outbox worker, blocking notices and session sweep (default true). */
  background?: boolean;
}

/** Bad `serve` options, with what to do about them. */
export class ServerOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ServerOptionsError';
  }
}

/** Splits "HOST:PORT" (IPv6 in brackets) and checks both parts. */
export function parseListen(listen: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]\s]+)):(\d{1,5})$/.exec(listen.trim());
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (!m || host === undefined || !Number.isInteger(port) || port > 65535)
    throw new ServerOptionsError(
      `--listen "${listen}" is not HOST:PORT. Examples: 127.0.0.1:8443, 0.0.0.0:8443, [::1]:8443.`,
    );
  return { host, port };
}

/** True for addresses that never leave the machine: 127.0.0.0/8, ::1 and "localhost". */
export function isLoopback(host: string): boolean {
  if (host.toLowerCase() === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1' || /^::ffff:127\./i.test(host);
  return false;
}

/** Refuses plain HTTP beyond loopback, and a SQLite file as a network service. */
export function checkServable(o: Pick<ServerOptions, 'db' | 'tls'>, host: string): void {
  const loopback = isLoopback(host);
  if (!loopback && !o.tls)
    throw new ServerOptionsError(
      `Refusing to serve on ${host} without TLS: session and API tokens would cross the network in clear text. ` +
        'Give --tls-cert FILE and --tls-key FILE, or listen on 127.0.0.1 (loopback) behind your own TLS proxy.',
    );
  if (!loopback && !isPostgresUrl(o.db))
    throw new ServerOptionsError(
      'A team server on the network needs PostgreSQL: give --db postgres://… . A SQLite file is accepted on a loopback address only (trying it out, tests).',
    );
}

/** `--db-pool N` as typed: a whole number of PostgreSQL connections, 1 to MAX_PG_POOL. */
export const dbPoolSchema = z
  .union([
    z.number(),
    z
      .string()
      .trim()
      .regex(/^\d{1,6}$/)
      .transform(Number),
  ])
  .pipe(z.number().int().min(1).max(MAX_PG_POOL));

/**
 * Checks `--db-pool` (undefined: the default, one connection) against the database it is for.
 * A SQLite file has one connection whatever is asked, so more than one is refused there.
 */
export function parseDbPool(raw: string | number | undefined, db: string): number {
  if (raw === undefined) return DEFAULT_PG_POOL;
  const parsed = dbPoolSchema.safeParse(raw);
  if (!parsed.success)
    throw new ServerOptionsError(
      `--db-pool "${String(raw)}" is not a number of connections from 1 to ${String(MAX_PG_POOL)}. ` +
        `Leave it out for ${String(DEFAULT_PG_POOL)}, or give e.g. --db-pool 8 (docs/team-server.md: when to raise it, and PostgreSQL's max_connections).`,
    );
  if (parsed.data > 1 && !isPostgresUrl(db))
    throw new ServerOptionsError(
      `--db-pool ${String(parsed.data)} needs PostgreSQL (--db postgres://…): a SQLite file is one connection. Leave --db-pool out.`,
    );
  return parsed.data;
}
