import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresPoolSize, setPostgresPoolSize } from '../electron/main/db/pg-connection';
import { parseDbPool, ServerOptionsError } from '../electron/main/server/options';
import { bundleCli } from './support/cli-bundle';
import { removeDir, tempDir } from './support/services';

const PG = 'postgres://portcullis@db.internal/portcullis';

// Issue 19, item 6: `portcullis serve --db-pool N` (PostgreSQL connections per server process).
describe('--db-pool', () => {
  const dir = tempDir('portcullis-db-pool-');
  afterAll(() => {
    removeDir(dir);
  });

  it('takes a whole number from 1 to 50; left out it is 1', () => {
    expect(parseDbPool(undefined, PG)).toBe(1);
    expect(parseDbPool('8', PG)).toBe(8);
    expect(parseDbPool(' 12 ', PG)).toBe(12);
    expect(parseDbPool('50', PG)).toBe(50);
    expect(parseDbPool(3, PG)).toBe(3);
    for (const bad of ['0', '51', '-1', '1.5', '8x', '1e1', '', 'eight', '0x8', '999999999', 0, 51, 2.5, NaN])
      expect(() => parseDbPool(bad, PG), String(bad)).toThrow(
        /--db-pool ".*" is not a number of connections from 1 to 50/,
      );
    expect(() => parseDbPool('0', PG)).toThrow(ServerOptionsError);
  });

  it('more than one is refused on a SQLite file (one connection), one is accepted', () => {
    const file = join(dir, 'x.db');
    expect(parseDbPool('1', file)).toBe(1);
    expect(() => parseDbPool('2', file)).toThrow(/--db-pool 2 needs PostgreSQL/);
  });

  it('the process default stays 1 until serve sets it, and only to 1..50', () => {
    expect(postgresPoolSize()).toBe(1);
    expect(() => {
      setPostgresPoolSize(0);
    }).toThrow(RangeError);
    expect(() => {
      setPostgresPoolSize(51);
    }).toThrow(RangeError);
    expect(postgresPoolSize()).toBe(1);
  });

  it('portcullis serve with a bad --db-pool: exit 2, the rule said, nothing created', () => {
    const cli = bundleCli('db-pool');
    const file = join(dir, 'serve.db');
    const run = (pool: string, db: string) =>
      spawnSync(
        process.execPath,
        [
          cli,
          'serve',
          '--db',
          db,
          '--db-pool',
          pool,
          '--listen',
          '127.0.0.1:0',
          '--key-file',
          join(dir, 'k.json'),
        ],
        { encoding: 'utf8', timeout: 20_000 },
      );
    const zero = run('0', PG);
    expect(zero.status).toBe(2);
    expect(zero.stderr).toMatch(/--db-pool "0" is not a number of connections from 1 to 50/);
    const many = run('4', file);
    expect(many.status).toBe(2);
    expect(many.stderr).toMatch(/--db-pool 4 needs PostgreSQL/);
    // Refused before anything was opened: no database file, no key file.
    expect(existsSync(file)).toBe(false);
    expect(existsSync(join(dir, 'k.json'))).toBe(false);
  });
});
