import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, startServices, tempDir, windowCaller } from './support/services';

const root = join(__dirname, '..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const dir = tempDir('portcullis-demo-');

/** Runs `portcullis demo ...` the way a user would; HOME and XDG point into the test folder. */
function demo(args: string[], env: NodeJS.ProcessEnv = {}) {
  const home = join(dir, 'home');
  mkdirSync(home, { recursive: true });
  const r = spawnSync(process.execPath, [tsx, 'cli/index.ts', 'demo', ...args], {
    cwd: root,
    env: {
      ...process.env,
      PORTCULLIS_DB: undefined,
      HOME: home,
      XDG_CONFIG_HOME: join(home, '.config'),
      ...env,
    },
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** Every file under `d` with its bytes, for "nothing was written" checks. */
function filesOf(d: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(d, { recursive: true }) as string[]) {
    const p = join(d, name);
    try {
      out[name] = readFileSync(p).toString('base64');
    } catch {
      out[name] = '(folder)';
    }
  }
  return out;
}

/** The sign-in accounts demo printed: role -> { username, password }. */
function printedAccounts(out: string): Map<string, { username: string; password: string }> {
  const m = new Map<string, { username: string; password: string }>();
  for (const line of out.split('\n')) {
    const hit = /^\s+(owner|admin|support|auditor|member)\s+(\S+)\s+([a-z2-9]{5}(?:-[a-z2-9]{5}){3})$/.exec(
      line,
    );
    if (hit?.[1] && hit[2] && hit[3]) m.set(hit[1], { username: hit[2], password: hit[3] });
  }
  return m;
}

afterAll(() => {
  removeDir(dir);
});

describe('portcullis demo never touches a real directory', () => {
  it('without --db it exits 2 and creates nothing, even with PORTCULLIS_DB set', () => {
    const target = join(dir, 'from-env.db');
    const r = demo(['--users', '5', '--events', '10'], { PORTCULLIS_DB: target });
    expect(r.code).toBe(2);
    expect(r.err).toContain('demo needs an explicit --db <file>');
    expect(r.out).toBe('');
    expect(existsSync(target)).toBe(false);
    // Nor the app's default database in the (test) data folder.
    expect(filesOf(join(dir, 'home'))).toEqual({});
  });

  it('refuses a real directory: exit 2, every byte unchanged', async () => {
    const realDir = join(dir, 'real');
    mkdirSync(realDir);
    const app = await startServices({ dir: realDir });
    const owner = windowCaller('owner').caller;
    const call = (channel: string, payload?: unknown) =>
      app.container.pipeline.dispatch(owner, channel, payload);
    expect(
      await call('auth:createOwner', {
        username: 'olivia',
        displayName: 'Olivia Owner',
        email: 'olivia@example.com',
        password: 'correct horse battery staple',
      }),
    ).toMatchObject({ ok: true });
    // While the app has it open (WAL in use): the database and its WAL keep every byte.
    const open = (f: Record<string, string>) => [
      f['portcullis.db'],
      f['portcullis.db-wal'],
      Object.keys(f).sort(),
    ];
    const running = filesOf(realDir);
    expect(demo(['--users', '5', '--db', app.dbPath]).code).toBe(2);
    expect(open(filesOf(realDir))).toEqual(open(running));
    await app.close();
    const before = filesOf(realDir);
    const r = demo(['--users', '5', '--events', '10', '--db', app.dbPath]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/demo refused to write to .*real Portcullis directory.*Nothing was changed/);
    expect(r.out).toBe('');
    expect(filesOf(realDir)).toEqual(before);
    console.log(
      `demo against a real directory: exit ${String(r.code)}, ${Object.keys(before).length} file(s) byte-identical`,
    );
  });

  it('on a fresh file it works and prints one password per sign-in account, which works once and must be changed; a real user added later makes demo refuse the file', async () => {
    const demoDir = join(dir, 'demo');
    mkdirSync(demoDir);
    const db = join(demoDir, 'portcullis.db');
    const r = demo(['--users', '60', '--events', '200', '--db', db]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const accounts = printedAccounts(r.out);
    console.log(`demo on a fresh file: ${[...accounts.keys()].join(', ')} sign-in accounts printed`);
    expect([...accounts.keys()]).toContain('owner');
    expect(accounts.size).toBeGreaterThanOrEqual(3);
    const passwords = [...accounts.values()].map((a) => a.password);
    expect(new Set(passwords).size).toBe(passwords.length);
    expect(r.out).not.toContain('portcullis demo password');

    // Demo may add to its own database (every user in it is demo's).
    const again = demo(['--users', '5', '--events', '10', '--db', db]);
    expect(again.code).toBe(0);
    expect(printedAccounts(again.out).has('owner')).toBe(false);

    const app = await startServices({ dir: demoDir });
    try {
      const w = (key: string) => (channel: string, payload?: unknown) =>
        app.container.pipeline.dispatch(windowCaller(key).caller, channel, payload);
      const sqlite = app.container.database.sqlite;
      expect(sqlite.prepare('SELECT count(*) AS n FROM users WHERE must_change_password = 0').get()).toEqual({
        n: 0,
      });
      const owner = accounts.get('owner');
      if (!owner) throw new Error('no owner printed');
      const win = w('owner-window');
      expect(await win('auth:signIn', { login: owner.username, password: owner.password })).toMatchObject({
        ok: true,
        value: { user: { mustChangePassword: true } },
      });
      expect(await win('users:list', {})).toMatchObject({ ok: false, code: 'password_change_required' });
      expect(
        await win('account:changePassword', {
          currentPassword: owner.password,
          newPassword: 'the owner picked this passphrase',
        }),
      ).toMatchObject({ ok: true });
      expect(await win('users:list', {})).toMatchObject({ ok: true });
      // The printed password worked once: it no longer signs in.
      expect(
        await w('later')('auth:signIn', { login: owner.username, password: owner.password }),
      ).toMatchObject({
        ok: false,
        code: 'invalid_credentials',
      });
      // Another role's printed account works too, and is also held to the change.
      const [role, other] = [...accounts.entries()].find(([k]) => k !== 'owner') ?? [];
      expect(
        await w('other')('auth:signIn', { login: other?.username, password: other?.password }),
        role,
      ).toMatchObject({
        ok: true,
        value: { user: { mustChangePassword: true } },
      });
      // The owner now adds a real person: from here on demo refuses the file.
      expect(
        await win('users:create', {
          username: 'realperson',
          displayName: 'Real Person',
          email: 'real@example.com',
          role: 'member',
          password: 'a real persons long password',
        }),
      ).toMatchObject({ ok: true });
    } finally {
      await app.close();
    }
    const before = filesOf(demoDir);
    const refused = demo(['--users', '5', '--events', '10', '--db', db]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/holds 1 account\(s\) that demo did not create/);
    expect(filesOf(demoDir)).toEqual(before);
  });
});
