import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from './connection';

const ROUNDS = 300;

/** A second process appending to the same chain: read the head, write head + 1, commit. */
const CHILD = `
const Database = require('better-sqlite3');
const db = new Database(process.argv[1]);
db.pragma('busy_timeout = 5000');
const head = db.prepare('SELECT coalesce(max(n), 0) AS n FROM chain');
const add = db.prepare("INSERT INTO chain (n, who) VALUES (?, 'child')");
const append = db.transaction(() => add.run(head.get().n + 1));
process.stdout.write('ready\\n');
for (let i = 0; i < ${ROUNDS}; i++) append.immediate();
`;

describe('two processes writing one SQLite file', () => {
  let opened: OpenedDatabase | undefined;
  let dir = '';
  afterEach(async () => {
    await opened?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('transactions that read then write wait for the other writer instead of failing (begin immediate)', async () => {
    dir = mkdtempSync(join(tmpdir(), 'portcullis-two-writers-'));
    const file = join(dir, 'p.db');
    opened = await openDatabase(file);
    opened.sqlite.exec('CREATE TABLE chain (n INTEGER PRIMARY KEY, who TEXT NOT NULL)');
    const child = spawn(process.execPath, ['-e', CHILD, file], { cwd: process.cwd() });
    let childErr = '';
    child.stderr.on('data', (d: Buffer) => (childErr += d.toString()));
    await new Promise<void>((resolve) =>
      child.stdout.once('data', () => {
        resolve();
      }),
    );
    const done = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const db = opened.db;
    const errors: string[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      try {
        await db.transaction().execute(async (trx) => {
          const { rows } = await sql<{ n: number }>`SELECT coalesce(max(n), 0) AS n FROM chain`.execute(trx);
          // Give the other process time to commit between our read and our write.
          await new Promise((resolve) => setImmediate(resolve));
          await sql`INSERT INTO chain (n, who) VALUES (${(rows[0]?.n ?? 0) + 1}, 'parent')`.execute(trx);
        });
      } catch (e) {
        errors.push(e instanceof Error ? e.message : String(e));
      }
    }
    expect(await done, childErr).toBe(0);
    const rows = opened.sqlite.prepare('SELECT n, who FROM chain ORDER BY n').all() as {
      n: number;
      who: string;
    }[];
    const parent = rows.filter((r) => r.who === 'parent').length;
    console.log(
      `two writers: ${rows.length} appends (${parent} here, ${rows.length - parent} in the child), ${errors.length} failed${errors[0] ? ` (${errors[0]})` : ''}`,
    );
    expect(errors).toEqual([]);
    expect(rows.length).toBe(2 * ROUNDS);
    // One linear chain: 1..2*ROUNDS with no gap and no fork.
    expect(rows.every((r, i) => r.n === i + 1)).toBe(true);
  }, 60_000);
});
