// Worker of tests/support/sync-pg.ts: runs one query at a time on its own PostgreSQL connection and
// wakes the waiting test thread (Atomics.notify) once the answer is posted back.
import { workerData } from 'node:worker_threads';
import pg from 'pg';

const { url, port, flag } = workerData;
const types = new pg.TypeOverrides();
types.setTypeParser(pg.types.builtins.INT8, 'text', Number);
const client = new pg.Client({ connectionString: url, types, statement_timeout: 10_000 });
const ready = client.connect();
const signal = new Int32Array(flag);

port.on('message', async ({ text, values }) => {
  let answer;
  try {
    await ready;
    const r = await client.query(text, values);
    answer = { rows: r.rows, rowCount: r.rowCount ?? 0 };
  } catch (e) {
    answer = { error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(answer);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
