import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findPgBin } from './support/pg-server';

const root = mkdtempSync(join(tmpdir(), 'portcullis-pgbin-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function fakeVersion(version: string): string {
  const bin = join(root, version, 'bin');
  mkdirSync(bin, { recursive: true });
  writeFileSync(join(bin, 'pg_ctl'), '');
  return bin;
}

describe('finding the PostgreSQL server programs for the test server and pg:local', () => {
  it('without them, says to install the postgresql package (or set PG_BIN)', () => {
    expect(() => findPgBin({}, join(root, 'none'))).toThrow('sudo apt-get install postgresql');
    expect(() => findPgBin({}, join(root, 'none'))).toThrow('PG_BIN');
  });

  it('picks the newest installed version (16 over 9.6 over nothing), and PG_BIN first when it holds pg_ctl', () => {
    fakeVersion('9.6');
    const v16 = fakeVersion('16');
    mkdirSync(join(root, '17', 'bin'), { recursive: true }); // no pg_ctl: not a server install
    expect(findPgBin({}, root)).toBe(v16);
    const mine = join(root, 'custom');
    mkdirSync(mine);
    writeFileSync(join(mine, 'pg_ctl'), '');
    expect(findPgBin({ PG_BIN: mine }, root)).toBe(mine);
    expect(findPgBin({ PG_BIN: join(root, 'empty') }, root)).toBe(v16);
  });
});
