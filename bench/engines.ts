import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import type { Db } from '../electron/main/db/connection';
import type { Database } from '../electron/main/db/schema';
import { parsePgTarget, type Engine } from '../electron/main/db/pg-target';
import { createContainer } from '../electron/main/container';
import { KeytarKeychain } from '../electron/main/adapters/keytar.keychain';
import { ManualClock } from '../electron/main/adapters/clock';
import { MemoryLogger, stderrLogger } from '../electron/main/adapters/logger';
import { startPgServer, type PgServer } from '../tests/support/pg-server';
import { tempDir, withPipeline, type TestApp } from '../tests/support/services';

/** What `npm run bench -- [NAME] [--engine sqlite|postgres|both]` asked for. */
export interface BenchArgs {
  only: string | undefined;
  engines: Engine[];
}

/** Parses the bench's arguments; an unknown engine or option is an error that says what is accepted. */
export function benchArgs(argv: readonly string[] = process.argv.slice(2)): BenchArgs {
  let only: string | undefined;
  let engine = process.env.BENCH_ENGINE ?? 'both';
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--engine') engine = argv[++i] ?? '';
    else if (a.startsWith('--engine=')) engine = a.slice('--engine='.length);
    else if (a.startsWith('-'))
      throw new Error(`Unknown bench option ${a}. Use: [NAME] [--engine sqlite|postgres|both]`);
    else only = a;
  }
  const engines: Record<string, Engine[]> = {
    both: ['sqlite', 'postgres'],
    sqlite: ['sqlite'],
    postgres: ['postgres'],
    pg: ['postgres'],
  };
  const picked = engines[engine];
  if (!picked) throw new Error(`Unknown engine "${engine}". Use --engine sqlite, postgres or both.`);
  return { only, engines: picked };
}

let server: Promise<PgServer | string> | undefined;

/**
 * The run's throwaway PostgreSQL server (started once, as the tests start theirs: initdb and
 * pg_ctl into a temporary folder, loopback, a free port), or why there is none.
 */
export function benchPgServer(): Promise<PgServer | string> {
  server ??= startPgServer().catch(
    (e: unknown) =>
      `${e instanceof Error ? e.message : String(e)} Install the PostgreSQL server with: bash scripts/system-deps.sh (as root) or sudo apt-get install postgresql.`,
  );
  return server;
}

/** Stops the run's PostgreSQL server if one was started. */
export async function stopBenchPg(): Promise<void> {
  const s = await server;
  server = undefined;
  if (s && typeof s !== 'string') await s.stop();
}

/** Says a PostgreSQL half was skipped, and why. */
export function skippedPg(bench: string, why: string): void {
  process.stdout.write(`${bench}: PostgreSQL half skipped: ${why}\n`);
}

/** One engine's raw side: the repository's statements run on the driver itself, and a logging Kysely to capture them. */
export interface RawEngine {
  engine: Engine;
  /** A Kysely on the same database that records every compiled statement in `log`. */
  logging: Db;
  log: CompiledQuery[];
  /** Runs the statements one after the other on the driver (better-sqlite3 / pg), no Kysely; milliseconds. */
  time(queries: readonly CompiledQuery[]): Promise<number>;
  close(): Promise<void>;
}

/** The raw side on a SQLite handle (the same connection the services use). */
export function sqliteRaw(sqlite: BetterSqlite3.Database): RawEngine {
  const log: CompiledQuery[] = [];
  return {
    engine: 'sqlite',
    log,
    logging: new Kysely<Database>({
      dialect: new SqliteDialect({ database: sqlite }),
      log: (e) => {
        log.push(e.query);
      },
    }),
    time: (queries) => {
      const a = performance.now();
      // Like Kysely's driver: prepare, then all() with the parameters.
      for (const q of queries) sqlite.prepare(q.sql).all(q.parameters);
      return Promise.resolve(performance.now() - a);
    },
    close: () => Promise.resolve(),
  };
}

const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, 'text', Number);

/** The raw side on a PostgreSQL URL: its own pg client for the raw runs, its own pool for the logging Kysely. */
export async function pgRaw(url: string): Promise<RawEngine> {
  const { config } = parsePgTarget(url);
  const client = new pg.Client({ ...config, types });
  await client.connect();
  const log: CompiledQuery[] = [];
  const logging = new Kysely<Database>({
    dialect: new PostgresDialect({ pool: new pg.Pool({ ...config, max: 1, types }) }),
    log: (e) => {
      log.push(e.query);
    },
  });
  return {
    engine: 'postgres',
    log,
    logging,
    time: async (queries) => {
      const a = performance.now();
      for (const q of queries) await client.query(q.sql, q.parameters as unknown[]);
      return performance.now() - a;
    },
    close: async () => {
      await client.end();
      await logging.destroy();
    },
  };
}

/**
 * The statements `repository` ran while `run` went through the real pipeline: its Kysely is
 * swapped for the logging one meanwhile (same database), so they are exactly the IPC call's.
 * BENCH_SHOW_SQL=1 prints each new statement (to see what a figure's raw side runs).
 */
export async function capture(
  raw: RawEngine,
  repository: object,
  run: () => Promise<unknown>,
): Promise<CompiledQuery[]> {
  const holder = repository as { db: Db };
  const real = holder.db;
  raw.log.length = 0;
  holder.db = raw.logging;
  try {
    await run();
  } finally {
    holder.db = real;
  }
  if (process.env.BENCH_SHOW_SQL)
    for (const q of raw.log) {
      const text = q.sql.replace(/\s+/g, ' ');
      if (shown.has(text)) continue;
      shown.add(text);
      process.stdout.write(`  [${raw.engine} sql] ${text}  -- ${JSON.stringify(q.parameters)}\n`);
    }
  return [...raw.log];
}

/** Statements already printed under BENCH_SHOW_SQL=1. */
const shown = new Set<string>();

/** Keeps log lines and also prints errors: a handler's failure shows (IPC answers only "something went wrong"). */
class EchoingLogger extends MemoryLogger {
  override error(message: string, fields?: Record<string, unknown>): void {
    super.error(message, fields);
    stderrLogger.error(message, fields);
  }
}

/** Real services on a PostgreSQL URL with the pipeline around them, shaped as the tests' TestApp. */
export async function startPgApp(url: string, at: Date): Promise<TestApp> {
  const dir = tempDir('portcullis-bench-pg-');
  const clock = new ManualClock(at.toISOString());
  const logger = new EchoingLogger();
  const container = withPipeline(
    await createContainer({ dbPath: url, keychain: new KeytarKeychain('Portcullis-bench'), clock, logger }),
    logger,
    join(dir, 'userData'),
  );
  return {
    container,
    clock,
    logger,
    dbPath: url,
    dir,
    close: async () => {
      await container.desktop.review.closeAll();
      await container.close();
    },
  };
}

/**
 * Copies whole tables from a SQLite database into the PostgreSQL one at `url`, ids included
 * (batches of JSON rows through json_populate_recordset: one parameter per batch), then moves
 * the identity counters past the copied ids and runs VACUUM ANALYZE, as a live server would
 * have statistics. Returns the rows copied.
 */
export async function copyToPostgres(
  source: BetterSqlite3.Database,
  url: string,
  tables: readonly string[],
): Promise<number> {
  const client = new pg.Client({ ...parsePgTarget(url).config, types });
  await client.connect();
  let copied = 0;
  try {
    for (const table of tables) {
      const cols = (source.pragma(`table_info(${table})`) as { name: string }[])
        .map((c) => `"${c.name}"`)
        .join(', ');
      const insert = `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${table}, $1::json)`;
      // Bulk load: the table's plain indexes are rebuilt once at the end (same definitions).
      const { rows: indexes } = await client.query<{ name: string; def: string }>(
        `SELECT indexname AS name, indexdef AS def FROM pg_indexes i WHERE tablename = $1 AND schemaname = current_schema()
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)`,
        [table],
      );
      for (const ix of indexes) await client.query(`DROP INDEX "${ix.name}"`);
      let batch: unknown[] = [];
      const flush = async () => {
        if (batch.length) await client.query(insert, [JSON.stringify(batch)]);
        copied += batch.length;
        batch = [];
      };
      for (const row of source.prepare(`SELECT * FROM ${table} ORDER BY rowid`).iterate()) {
        batch.push(row);
        if (batch.length === 20_000) await flush();
      }
      await flush();
      for (const ix of indexes) await client.query(ix.def);
      await client.query(
        `SELECT setval(s, (SELECT max(id) FROM ${table})) FROM pg_get_serial_sequence('${table}', 'id') AS s WHERE s IS NOT NULL AND EXISTS (SELECT 1 FROM ${table})`,
      );
      await client.query(`VACUUM ANALYZE ${table}`);
    }
  } finally {
    await client.end();
  }
  return copied;
}
