import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, runBundled, type CliRun } from './support/cli-bundle';
import { removeDir, tempDir } from './support/services';
import { testPgServer } from './support/engine';

// Issue 14: the CLI on a fresh PostgreSQL database, the password only in a pgpass file.
const dir = tempDir('portcullis-cli-pg-');
const exported = join(dir, 'export.jsonl');
let script = '';
let url = ''; // without its password
let password = '';
let env: NodeJS.ProcessEnv = {};
const outputs: string[] = [];

/** Runs the bundled CLI against the PostgreSQL URL, keeping every output for the password check. */
function cli(args: string[], input = '', over: NodeJS.ProcessEnv = {}): CliRun {
  const r = runBundled(script, [...args, '--db', url], { ...env, ...over }, input);
  outputs.push(r.out, r.err);
  return r;
}

beforeAll(async () => {
  script = bundleCli('cli-postgres');
  const server = await testPgServer();
  const full = new URL(await server.createDatabase());
  password = decodeURIComponent(full.password);
  const pgpass = join(dir, 'pgpass');
  writeFileSync(pgpass, `127.0.0.1:${full.port}:*:${full.username}:${password}\n`);
  chmodSync(pgpass, 0o600);
  full.password = '';
  url = full.href;
  const userData = join(dir, 'user-data');
  mkdirSync(userData);
  // The child sees no test-harness variables (one of them holds the server's password).
  const hidden = new Set(['PORTCULLIS_TEST_PG', 'PORTCULLIS_TEST_ENGINE', 'PGPASSWORD', 'PORTCULLIS_DB']);
  const rest = Object.fromEntries(Object.entries(process.env).filter(([name]) => !hidden.has(name)));
  env = { ...rest, PGPASSFILE: pgpass, PORTCULLIS_USER_DATA: userData };
}, 60_000);

afterAll(() => {
  removeDir(dir);
  rmSync(script, { force: true });
});

describe('portcullis CLI with --db postgres:// (fresh database, password from PGPASSFILE)', () => {
  it('init, user add, user list --json, audit export (verified as a file) and audit verify --db', () => {
    expect(url).not.toContain(password);
    const init = cli(
      ['init', '--owner', 'root', '--email', 'root@example.com', '--password-stdin'],
      'a strong owner password\n',
    );
    expect(init.err).toBe('');
    expect(init.code).toBe(0);
    expect(init.out).toContain('Owner root <root@example.com> created.');
    expect(
      cli(
        ['init', '--owner', 'root2', '--email', 'r2@example.com', '--password-stdin'],
        'a strong owner password\n',
      ).code,
    ).toBe(1);

    const add = cli(
      ['user', 'add', 'sam', '--email', 'sam@example.com', '--role', 'support', '--password-stdin'],
      'another strong password\n',
    );
    expect(add.err).toBe('');
    expect(add.code).toBe(0);
    const list = cli(['user', 'list', '--json']);
    expect(list.code).toBe(0);
    const users = JSON.parse(list.out) as { username: string }[];
    expect(users.map((u) => u.username).sort()).toEqual(['root', 'sam']);
    expect(list.out).not.toMatch(/argon2|password_hash/i);

    const exp = cli(['audit', 'export', '--out', exported]);
    expect(exp.err).toBe('');
    expect(exp.code).toBe(0);
    const fingerprint = /signed by: ([0-9a-f]{64})/.exec(exp.out)?.[1] ?? '';
    expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
    const lines = readFileSync(exported, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(3); // header, the two user events at least, signature
    const file = runBundled(script, ['audit', 'verify', exported, '--key', fingerprint], env);
    outputs.push(file.out, file.err);
    expect(file.code).toBe(0);
    expect(file.out).toContain('signed by a trusted signer');

    // The directory's key is in this machine's keychain: intact and trusted (exit 0).
    const db = cli(['audit', 'verify']);
    expect(db.err).toBe('');
    expect(db.code).toBe(0);
    expect(db.out).toMatch(/intact: \d+ events/);
    expect(db.out).toContain('rollback check against the keychain: done');

    for (const out of outputs) expect(out).not.toContain(password);
  });

  it('token list, session list, settings mail show and audit retention --days work there too; the chain stays intact', () => {
    for (const args of [
      ['token', 'list'],
      ['session', 'list'],
      ['settings', 'mail', 'show'],
    ]) {
      const r = cli(args);
      expect({ args, code: r.code, err: r.err }).toEqual({ args, code: 0, err: '' });
    }
    const retention = cli(['audit', 'retention', '--days', '30']);
    expect(retention.err).toBe('');
    expect(retention.out).toContain('retention: keep 30 days');
    const verify = cli(['audit', 'verify']);
    expect(verify.code).toBe(0);
    expect(verify.out).toMatch(/intact: \d+ events/);
    for (const out of outputs) expect(out).not.toContain(password);
  });

  it('audit verify --db on a PostgreSQL database without a directory exits 3 and says to run init', async () => {
    const server = await testPgServer();
    const empty = new URL(await server.createDatabase());
    empty.password = '';
    const r = runBundled(script, ['audit', 'verify', '--db', empty.href], env);
    expect(r.code).toBe(3);
    expect(r.err).toContain('holds no Portcullis directory');
    expect(r.err).toContain('portcullis init');
    expect(r.out + r.err).not.toContain(password);
  });

  it('backup refuses a postgres:// URL (exit 3) and explains pg_dump', () => {
    const r = cli(['backup', '--out', join(dir, 'b.db')]);
    expect(r.code).toBe(3);
    expect(r.err).toContain('backup is not available on PostgreSQL');
    expect(r.err).toContain('pg_dump');
  });
});
