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

// A message is one query ({ text, values }: its rows) or a batch of writes ({ batch }: each one's
// row count and the id it returned), run in order; the first error stops the batch.
port.on('message', async ({ text, values, batch }) => {
  let answer;
  try {
    await ready;
    if (batch) {
      const results = [];
      for (const q of batch) {
        const r = await client.query(q.text, q.values);
        results.push({ rowCount: r.rowCount ?? 0, id: r.rows[0]?.id });
      }
      answer = { results };
    } else {
      const r = await client.query(text, values);
      answer = { rows: r.rows, rowCount: r.rowCount ?? 0 };
    }
  } catch (e) {
    answer = { error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(answer);
  Atomics.store(signal, 0, 1);
  Atomics.notify(signal, 0);
});
