import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';

type Params = unknown[] | [Record<string, unknown>];

/**
 * The part of better-sqlite3's API the tests use to look at (or poke) the database directly,
 * answered synchronously by PostgreSQL (a worker's connection; this thread waits on Atomics).
 * Test-only: it lets the SQLite-written suites run unchanged on PostgreSQL. `?` and `@name`
 * parameters become $n; an INSERT reports the `id` it created as lastInsertRowid.
 */
export interface SyncPg {
  prepare(text: string): SyncStatement;
  exec(text: string): void;
  pragma(text: string): unknown[];
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): void;
}

export interface SyncStatement {
  all(...params: Params): unknown[];
  get(...params: Params): unknown;
  run(...params: Params): { changes: number; lastInsertRowid: number };
  pluck(): SyncStatement;
}

/** SQLite catalogue questions the tests ask, in PostgreSQL's words. */
const CATALOGUE: [RegExp, string][] = [
  [
    /^SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name$/i,
    "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY name",
  ],
  // A whole table (snapshots): in key order, as SQLite's rowid order gives it. PostgreSQL's order
  // is physical, and an UPDATE to the same values (a session touched at the same instant) moves a row.
  [/^SELECT \* FROM "(\w+)"$/i, 'SELECT * FROM "$1" ORDER BY 1, "$1"::text'],
  // The demo generator's "does this table exist" (api_tokens, the demo marker).
  [
    /^SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = \?$/i,
    'SELECT 1 AS one WHERE to_regclass(?) IS NOT NULL',
  ],
  // The demo generator's bulk-load index list: nothing to drop and rebuild on PostgreSQL.
  [
    /^SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events' AND sql IS NOT NULL$/i,
    'SELECT NULL AS name, NULL AS sql WHERE false',
  ],
];

/** `?` / `@name` / `:name` placeholders to $1..$n, with the values in that order. */
function bind(sqliteText: string, params: Params): { text: string; values: unknown[] } {
  const rule = CATALOGUE.find(([pattern]) => pattern.test(sqliteText.trim()));
  const text = rule ? sqliteText.trim().replace(rule[0], rule[1]) : sqliteText;
  const named =
    params.length === 1 && params[0] !== null && typeof params[0] === 'object' && !Array.isArray(params[0]);
  const values: unknown[] = [];
  let positional = 0;
  const out = text.replace(/'(?:[^']|'')*'|\?|[@:]([A-Za-z_]\w*)/g, (m, name: string | undefined) => {
    if (m.startsWith("'")) return m;
    if (m.startsWith(':') && !named) return m;
    values.push(named && name ? (params[0] as Record<string, unknown>)[name] : params[positional++]);
    return `$${values.length}`;
  });
  return { text: out, values: values.map((v) => (typeof v === 'boolean' ? Number(v) : v)) };
}

interface Answer {
  rows: Record<string, unknown>[];
  rowCount: number;
}
/** One queued write's outcome, filled when its batch is sent. */
interface Queued {
  text: string;
  values: unknown[];
  result?: { changes: number; lastInsertRowid: number };
}

/** Writes inside transaction() wait in a queue and go in one round trip (the demo seeds thousands). */
const BATCH = 500;

/** Opens the synchronous stand-in on `url` (its own connection; close() ends it). */
export function openSyncPg(url: string): SyncPg {
  const flag = new SharedArrayBuffer(4);
  const signal = new Int32Array(flag);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(new URL('./sync-pg-worker.mjs', import.meta.url), {
    workerData: { url, port: port2, flag },
    transferList: [port2],
  });
  worker.unref();
  const ask = (message: object, what: string): unknown => {
    Atomics.store(signal, 0, 0);
    port1.postMessage(message);
    if (Atomics.wait(signal, 0, 0, 30_000) === 'timed-out')
      throw new Error(`No answer from PostgreSQL: ${what}`);
    const answer = receiveMessageOnPort(port1)?.message as { error?: string };
    if (answer.error !== undefined) throw new Error(answer.error);
    return answer;
  };
  // Inside transaction(): run() queues its write and answers lazily; any other call sends the queue first.
  let queue: Queued[] = [];
  let inTransaction = false;
  const flush = () => {
    if (queue.length === 0) return;
    const sent = queue;
    queue = [];
    const { results } = ask(
      { batch: sent.map(({ text, values }) => ({ text, values })) },
      sent[0]?.text ?? '',
    ) as {
      results: { rowCount: number; id: unknown }[];
    };
    sent.forEach((q, i) => {
      const r = results[i];
      q.result = { changes: r?.rowCount ?? 0, lastInsertRowid: Number(r?.id ?? 0) };
    });
  };
  const query = (text: string, values: unknown[] = []): Answer => {
    flush();
    return ask({ text, values }, text) as Answer;
  };
  const statement = (text: string, pluck = false): SyncStatement => {
    const rows = (params: Params) => {
      const b = bind(text, params);
      const r = query(b.text, b.values).rows;
      return pluck ? r.map((row) => Object.values(row)[0]) : r;
    };
    return {
      all: (...p) => rows(p),
      get: (...p) => rows(p)[0],
      run: (...p) => {
        const b = bind(text, p);
        const insert = /^\s*INSERT\b/i.test(text) && !/\bRETURNING\b/i.test(text);
        const queued: Queued = { text: insert ? `${b.text} RETURNING *` : b.text, values: b.values };
        if (!inTransaction) {
          const r = query(queued.text, queued.values);
          return { changes: r.rowCount, lastInsertRowid: Number(r.rows[0]?.id ?? 0) };
        }
        queue.push(queued);
        if (queue.length >= BATCH) flush();
        const outcome = () => {
          flush();
          if (!queued.result) throw new Error(`No answer from PostgreSQL: ${text}`);
          return queued.result;
        };
        return {
          get changes() {
            return outcome().changes;
          },
          get lastInsertRowid() {
            return outcome().lastInsertRowid;
          },
        };
      },
      pluck: () => statement(text, true),
    };
  };
  return {
    prepare: (text) => statement(text),
    exec: (text) => void query(text),
    // WAL checkpoints and other SQLite settings have nothing to do on PostgreSQL.
    pragma: () => [],
    transaction:
      (fn) =>
      (...args) => {
        query('BEGIN');
        inTransaction = true;
        try {
          fn(...args);
          inTransaction = false;
          query('COMMIT');
        } catch (e) {
          inTransaction = false;
          queue = [];
          query('ROLLBACK');
          throw e;
        }
      },
    close: () => {
      port1.close();
      void worker.terminate();
    },
  };
}
