import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { KeytarKeychain } from '../electron/main/adapters/keytar.keychain';
import { removeDir, tempDir } from './support/services';

const root = join(__dirname, '..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const dir = tempDir('portcullis-cli-');
const db = join(dir, 'cli.db');

/** Runs `npm run cli -- ...args` the way a user would (through tsx), feeding stdin. */
function cli(args: string[], stdin = '', env: NodeJS.ProcessEnv = process.env, cwd = root) {
  const r = spawnSync(process.execPath, [tsx, join(root, 'cli/index.ts'), ...args], {
    cwd,
    input: stdin,
    env,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(() => {
  removeDir(dir);
});

describe('portcullis CLI', () => {
  it('init creates the owner on a fresh --db, and refuses a second time', () => {
    const r = cli(
      ['init', '--owner', 'root', '--email', 'root@example.com', '--password-stdin', '--db', db],
      'a strong owner password\n',
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Owner root <root@example.com> created.');
    const again = cli(
      ['init', '--owner', 'root2', '--email', 'r2@example.com', '--password-stdin', '--db', db],
      'a strong owner password\n',
    );
    expect(again.code).toBe(1);
    expect(again.err).toContain('already has users');
  });

  it('a URL that is not postgres:// as --db or PORTCULLIS_DB is refused (exit 2), never taken as a file name', () => {
    const viaFlag = cli(
      ['user', 'list', '--db', 'http://db/x'],
      '',
      { ...process.env, PORTCULLIS_DB: undefined },
      dir,
    );
    expect(viaFlag.code).toBe(2);
    expect(viaFlag.err).toContain('"http://" is not a database Portcullis can open');
    const viaEnv = cli(['user', 'list'], '', { ...process.env, PORTCULLIS_DB: 'mysql://db/x' }, dir);
    expect(viaEnv.code).toBe(2);
    expect(viaEnv.err).toContain('"mysql://" is not a database Portcullis can open');
    // Nothing was created where the URL would have been read as a path.
    expect(existsSync(join(dir, 'http:'))).toBe(false);
    expect(existsSync(join(dir, 'mysql:'))).toBe(false);
  });

  it('file-only commands refuse a postgres:// URL (exit 3) and say what to do, before connecting; demo (both engines) says nothing answers there', () => {
    const url = 'postgres://portcullis@127.0.0.1:1/directory';
    const env = { ...process.env, PORTCULLIS_DB: undefined };
    const backup = cli(['backup', '--out', join(dir, 'b.db'), '--db', url], '', env, dir);
    expect(backup.code).toBe(3);
    expect(backup.err).toContain('backup is not available on PostgreSQL');
    expect(backup.err).toContain('pg_dump');
    const restore = cli(['restore', '--from', join(dir, 'b.db'), '--db', url], '', env, dir);
    expect(restore.code).toBe(3);
    expect(restore.err).toContain('restore is not available on PostgreSQL');
    const demo = cli(['demo', '--db', url], '', env, dir);
    expect(demo.code).toBe(3);
    expect(demo.err).toContain('demo could not open the database: Nothing answers at');
    expect(existsSync(join(dir, 'postgres:'))).toBe(false);
    expect(existsSync(join(dir, 'b.db'))).toBe(false);
  });

  it('user add then user list --json shows both users without secrets', () => {
    const add = cli(
      [
        'user',
        'add',
        'sam',
        '--email',
        'sam@example.com',
        '--role',
        'support',
        '--password-stdin',
        '--db',
        db,
      ],
      'support person password\n',
    );
    expect(add.code).toBe(0);
    const list = cli(['user', 'list', '--json', '--db', db]);
    expect(list.code).toBe(0);
    const users = JSON.parse(list.out) as { username: string; role: string; mustChangePassword: boolean }[];
    // The owner chose their own password; sam must replace the one given here at first sign-in.
    expect(users.map((u) => [u.username, u.role, u.mustChangePassword])).toEqual([
      ['root', 'owner', false],
      ['sam', 'support', true],
    ]);
    expect(list.out).not.toMatch(/argon2/);
    expect(list.out).not.toContain('support person password');
    // --no-must-change-password keeps the given password (e.g. for a service account).
    const keep = cli(
      [
        'user',
        'add',
        'svc-report',
        '--email',
        'svc@example.com',
        '--no-must-change-password',
        '--password-stdin',
        '--db',
        db,
      ],
      'service account password\n',
    );
    expect(keep.code).toBe(0);
    const after = JSON.parse(cli(['user', 'list', '--json', '--db', db]).out) as typeof users;
    expect(after.find((u) => u.username === 'svc-report')?.mustChangePassword).toBe(false);
  });

  it('refuses a duplicate user with a clear message and exit 1', () => {
    const r = cli(
      ['user', 'add', 'SAM', '--email', 'other@example.com', '--password-stdin', '--db', db],
      'whatever password 123\n',
    );
    expect(r.code).toBe(1);
    expect(r.err).toContain('A user with this username already exists');
  });

  it('bad arguments print usage and exit 2, writing nothing', () => {
    const cases = [
      ['user', 'add'],
      ['user', 'add', 'ok-name', '--email', 'not-an-email', '--password-stdin', '--db', db],
      [
        'user',
        'add',
        'ok-name',
        '--email',
        'ok@example.com',
        '--role',
        'emperor',
        '--password-stdin',
        '--db',
        db,
      ],
      ['init', '--owner', 'x', '--db', db],
      ['frobnicate'],
    ];
    for (const args of cases) {
      const r = cli(args, 'some password 1234\n');
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.err, args.join(' ')).toMatch(/usage|--help|Invalid/i);
    }
    const list = JSON.parse(cli(['user', 'list', '--json', '--db', db]).out) as unknown[];
    expect(list).toHaveLength(3);
  });

  it('refuses a database whose data key is missing from the keychain or replaced, instead of starting a new key', async () => {
    const own = join(dir, 'key.db');
    expect(
      cli(
        ['init', '--owner', 'root', '--email', 'root@example.com', '--password-stdin', '--db', own],
        'a strong owner password\n',
      ).code,
    ).toBe(0);
    const sqlite = new BetterSqlite3(own, { readonly: true });
    const { value: instance } = sqlite.prepare("SELECT value FROM meta WHERE key = 'instance_id'").get() as {
      value: string;
    };
    sqlite.close();
    const keychain = new KeytarKeychain();
    const account = `data-key:${instance}`;
    const original = await keychain.get(account);
    expect(original).toMatch(/^[A-Za-z0-9+/]{43}=$/);

    await keychain.delete(account);
    const missing = cli(['user', 'list', '--db', own]);
    expect(missing.code).toBe(3);
    expect(missing.err).toContain('encryption key is not in the OS keychain');
    expect(await keychain.get(account)).toBeNull();

    await keychain.set(account, Buffer.alloc(32, 7).toString('base64'));
    const replaced = cli(['user', 'list', '--db', own]);
    expect(replaced.code).toBe(3);
    expect(replaced.err).toContain('holds a different key');

    await keychain.set(account, original ?? '');
    expect(cli(['user', 'list', '--db', own]).code).toBe(0);
  });

  it('stops with a clear message when no keychain is reachable', () => {
    const env = { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/portcullis-bus' };
    const r = cli(['user', 'list', '--db', join(dir, 'other.db')], '', env);
    expect(r.code).toBe(3);
    expect(r.err).toContain('No OS keychain is reachable');
    expect(r.err).toContain('gnome-keyring');
  });
});
