import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../electron/main/db/connection';
import { freePort, type PgServer } from './support/pg-server';
import { testPgServer } from './support/engine';

let server: PgServer;
let url: URL;
const dir = mkdtempSync(join(tmpdir(), 'portcullis-pgconn-'));
beforeAll(async () => {
  server = await testPgServer();
  url = new URL(await server.createDatabase());
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  delete process.env.PGPASSFILE;
});

/** The message openDatabase fails with (the test fails if it opens). */
async function failure(target: string): Promise<string> {
  const opened = await openDatabase(target).catch((e: unknown) => e as Error);
  if (!(opened instanceof Error)) {
    await opened.close();
    throw new Error('expected the database not to open');
  }
  return opened.message;
}

describe('opening PostgreSQL through openDatabase', () => {
  it('a postgres:// URL opens the PostgreSQL engine, migrated; its sqlite handle refuses clearly', async () => {
    const opened = await openDatabase(url.href);
    try {
      expect(opened.engine).toBe('postgres');
      expect(opened.location).toBe(`postgres://${url.username}@127.0.0.1:${url.port}${url.pathname}`);
      const users = await opened.db.selectFrom('users').select('id').execute();
      expect(users).toEqual([]);
      expect(() => opened.sqlite).toThrow(/needs the SQLite engine, but the directory is on PostgreSQL/);
    } finally {
      await opened.close();
    }
  });

  it('a wrong password is refused with what to check, and neither password appears in the message', async () => {
    const wrong = new URL(url.href);
    wrong.password = 'Wr0ng-Pa55word-xyz';
    const message = await failure(wrong.href);
    expect(message).toContain(`refused the sign-in of user "${url.username}"`);
    expect(message).toContain('pgpass');
    expect(message).not.toContain('Wr0ng-Pa55word-xyz');
    expect(message).not.toContain(url.password);
  });

  it('the password can come from a pgpass file (PGPASSFILE, mode 0600) instead of the URL', async () => {
    const file = join(dir, 'pgpass');
    writeFileSync(file, `127.0.0.1:${url.port}:*:${url.username}:${url.password}\n`);
    chmodSync(file, 0o600);
    process.env.PGPASSFILE = file;
    const bare = new URL(url.href);
    bare.password = '';
    const opened = await openDatabase(bare.href);
    await opened.close();
    delete process.env.PGPASSFILE;
    const none = await failure(bare.href);
    expect(none).toContain(`PostgreSQL asks for a password for user "${url.username}"`);
    expect(none).toContain('none was found');
  });

  it('nothing listening, or a database that does not exist, is said in those words', async () => {
    const port = await freePort();
    expect(await failure(`postgres://someone:secret-pw@127.0.0.1:${port}/x`)).toBe(
      `Nothing answers at postgres://someone@127.0.0.1:${port}/x: is the PostgreSQL server running and listening there?`,
    );
    const missing = new URL(url.href);
    missing.pathname = '/no_such_directory';
    const message = await failure(missing.href);
    expect(message).toContain('does not exist');
    expect(message).not.toContain(url.password);
  });
});
