import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../cli/io';
import { bundleCli, type CliRun } from './support/cli-bundle';
import { callApi, signInHttp, startTestServer, type TestServer } from './support/team-server';
import { MEMBER, OWNER, person } from './support/people';
import type { UserView } from '../shared/domain/user';
import type { ApiTokenView } from '../shared/ipc/contracts/tokens.contract';

// The real CLI (bundled, its own process) against a real team server (startServer on loopback).
const root = join(__dirname, '..');
const ALICE = {
  ...person('alice', 'Alice Admin', 'admins have long passwords'),
  phone: null,
  role: 'admin' as const,
  mustChangePassword: false,
};
const MIKE = { ...MEMBER, mustChangePassword: false };
const ADA = {
  ...person('ada', 'Ada Auditor', 'auditors read everything'),
  phone: null,
  role: 'auditor' as const,
  mustChangePassword: false,
};

let script = '';
let t: TestServer;
let adminToken = '';
let memberToken = '';
let auditorToken = '';
let aliceSession = '';

/** Runs the CLI without blocking this process (the server answers from it). */
function run(args: string[], env: Record<string, string | undefined> = {}, stdin = ''): Promise<CliRun> {
  const clean = { ...process.env, PORTCULLIS_SERVER: undefined, PORTCULLIS_TOKEN: undefined, ...env };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, env: clean });
    child.stdin.end(stdin);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => {
      resolve({ code, out, err });
    });
  });
}

const asAdmin = (...args: string[]) => run(['--server', t.url, ...args], { PORTCULLIS_TOKEN: adminToken });
const asMember = (...args: string[]) => run(['--server', t.url, ...args], { PORTCULLIS_TOKEN: memberToken });

async function apiToken(session: string, role: string): Promise<string> {
  const r = await callApi(
    t.url,
    'tokens:create',
    { name: `cli ${role}`, months: 1, role },
    { token: session },
  );
  if (!r.body.ok) throw new Error(JSON.stringify(r.body));
  return (r.body.value as { secret: string }).secret;
}

beforeAll(async () => {
  script = bundleCli('cli-server');
  t = await startTestServer();
  const owner = await signInHttp(t.url, OWNER.username, OWNER.password);
  for (const p of [ALICE, MIKE, ADA])
    expect((await callApi(t.url, 'users:create', p, { token: owner })).body.ok).toBe(true);
  aliceSession = await signInHttp(t.url, ALICE.username, ALICE.password);
  adminToken = await apiToken(aliceSession, 'admin');
  memberToken = await apiToken(await signInHttp(t.url, MIKE.username, MIKE.password), 'member');
  auditorToken = await apiToken(await signInHttp(t.url, ADA.username, ADA.password), 'auditor');
}, 120_000);

afterAll(async () => {
  await t.close();
});

describe('portcullis --server (CLI through a team server)', () => {
  it('an admin token lists users through the server, as JSON and as a table', async () => {
    const r = await asAdmin('user', 'list', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(EXIT.ok);
    const names = (JSON.parse(r.out) as UserView[]).map((u) => u.username);
    expect(names).toEqual(['ada', 'alice', 'mike', 'olivia']); // before carol is added below
    const table = await run(['user', 'list'], { PORTCULLIS_SERVER: t.url, PORTCULLIS_TOKEN: adminToken });
    expect(table.code).toBe(EXIT.ok);
    expect(table.out).toContain('mike@example.com');
  });

  it('user add goes through the server with the password from stdin; a member token may not add anyone', async () => {
    const add = [
      'user',
      'add',
      'carol',
      '--email',
      'carol@example.com',
      '--role',
      'support',
      '--password-stdin',
    ];
    const refused = await run(
      ['--server', t.url, ...add],
      { PORTCULLIS_TOKEN: memberToken },
      'a long enough password\n',
    );
    expect(refused.code).toBe(EXIT.failed);
    expect(refused.err).toContain('permission_denied');
    const r = await run(
      ['--server', t.url, ...add],
      { PORTCULLIS_TOKEN: adminToken },
      'a long enough password\n',
    );
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.out).toBe('User carol (support) created.\n');
    const row = await t.server.container.repositories.users.findByLogin('carol');
    expect(row?.role).toBe('support');
    const again = await run(
      ['--server', t.url, ...add],
      { PORTCULLIS_TOKEN: adminToken },
      'a long enough password\n',
    );
    expect(again.code).toBe(EXIT.failed);
  });

  it('a member token is refused an admin channel: exit 1, the reason and what to do', async () => {
    const r = await asMember('user', 'list');
    expect(r.code).toBe(EXIT.failed);
    expect(r.out).toBe('');
    expect(r.err).toContain('permission_denied');
    expect(r.err).toContain('use a token whose role may do this');
    const block = await asMember('user', 'block', 'alice');
    expect(block.code).toBe(EXIT.failed);
    expect(block.err).toContain('permission_denied');
  });

  it('without PORTCULLIS_TOKEN: exit 3 and how to get one; a wrong token: exit 3 with HTTP 401', async () => {
    const none = await run(['--server', t.url, 'user', 'list']);
    expect(none.code).toBe(EXIT.environment);
    expect(none.err).toContain('set PORTCULLIS_TOKEN');
    const wrong = await run(['--server', t.url, 'user', 'list'], { PORTCULLIS_TOKEN: 'pcl_not-a-token' });
    expect(wrong.code).toBe(EXIT.environment);
    expect(wrong.err).toContain('HTTP 401');
    expect(wrong.err).not.toContain('pcl_not-a-token');
  });

  it('refuses --token on the command line before anything is sent, and plain http:// beyond loopback', async () => {
    const lines = t.accessLog.lines.length;
    for (const flag of [['--token', adminToken], [`--token=${adminToken}`]]) {
      const r = await run(['--server', t.url, ...flag, 'user', 'list']);
      expect(r.code).toBe(EXIT.usage);
      expect(r.err).toContain('PORTCULLIS_TOKEN');
      expect(r.err).toContain('process list');
    }
    expect(t.accessLog.lines.length).toBe(lines);
    // Each rule has its own unit test (cli-server-tls.test.ts); here the real entry point, once each.
    const plain = await run(['--server', 'http://10.0.0.5:8443', 'user', 'list'], {
      PORTCULLIS_TOKEN: adminToken,
    });
    expect(plain.code).toBe(EXIT.usage);
    expect(plain.err).toContain('plain http://');
    const path = await run(['--server', `${t.url}/api`, 'user', 'list'], { PORTCULLIS_TOKEN: adminToken });
    expect(path.code).toBe(EXIT.usage);
    expect(path.err).toContain('base URL only');
  });

  it('says so when nothing listens there (exit 3), and refuses local-only commands and --db with --server', async () => {
    const down = await run(['--server', 'http://127.0.0.1:9', 'user', 'list'], {
      PORTCULLIS_TOKEN: adminToken,
    });
    expect(down.code).toBe(EXIT.environment);
    expect(down.err).toContain('Cannot reach the team server');
    const retention = await asAdmin('audit', 'retention');
    expect(retention.code).toBe(EXIT.usage);
    expect(retention.err).toContain("this machine's database only");
    const both = await asAdmin('user', 'list', '--db', join(t.dir, 'portcullis.db'));
    expect(both.code).toBe(EXIT.usage);
    expect(both.err).toContain('not both');
  });

  it('support commands, session and token management go through the server, audited under the token owner', async () => {
    const block = await asAdmin('user', 'block', 'mike');
    expect(block.code, block.err).toBe(EXIT.ok);
    expect(block.out).toContain('mike blocked');
    const listed = JSON.parse(
      (await asAdmin('user', 'list', '--json', '--search', 'mike')).out,
    ) as UserView[];
    expect(listed.map((u) => [u.username, u.status])).toEqual([['mike', 'blocked']]);
    expect((await asAdmin('user', 'unblock', 'mike')).out).toContain('mike unblocked');
    expect((await asAdmin('user', 'unlock', 'nobody')).err).toContain('No user named nobody');

    const sessions = await asAdmin('session', 'list', '--json', '--user', 'alice');
    expect(sessions.code, sessions.err).toBe(EXIT.ok);
    const [first] = JSON.parse(sessions.out) as { id: string }[];
    if (!first) throw new Error('alice has a session');
    expect((await asAdmin('session', 'end', '--id', first.id)).out).toContain('ended');

    const tokens = JSON.parse(
      (await asAdmin('token', 'list', '--json', '--user', 'mike')).out,
    ) as ApiTokenView[];
    expect(tokens.map((x) => x.username)).toEqual(['mike']);
    const revoke = await asAdmin('token', 'revoke', String(tokens[0]?.id));
    expect(revoke.code, revoke.err).toBe(EXIT.ok);
    // The revoked token is refused at the door from now on.
    const gone = await asMember('user', 'list');
    expect(gone.code).toBe(EXIT.environment);
    expect(gone.err).toContain('HTTP 401');

    const audit = await callApi(
      t.url,
      'audit:list',
      { filter: { code: 'token:revoked' } },
      { token: adminToken },
    );
    const [event] = (audit.body.value as { items: { actorName: string; subjectName: string }[] }).items;
    expect(event).toMatchObject({ actorName: 'alice', subjectName: 'mike' });
  });

  it('audit export through the server writes a signed file that verifies offline, and a changed byte is caught', async () => {
    const out = join(t.dir, 'remote-export.jsonl');
    const asAuditor = (...args: string[]) =>
      run(['--server', t.url, ...args], { PORTCULLIS_TOKEN: auditorToken });
    const r = await asAuditor('audit', 'export', '--out', out);
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(r.out).toMatch(/exported: \d+ events/);
    expect(existsSync(`${out}.part`)).toBe(false);
    const nowhere = await asAuditor('audit', 'export', '--out', join(t.dir, 'no-such-dir', 'x.jsonl'));
    expect(nowhere.code).toBe(EXIT.failed);
    expect(nowhere.err).toContain('Cannot write');
    const key = await callApi(t.url, 'audit:signingKey', {}, { token: auditorToken });
    const fingerprint = (key.body.value as { fingerprint: string }).fingerprint;
    const ok = await run(['audit', 'verify', out, '--key', fingerprint]);
    expect(ok.code, ok.out + ok.err).toBe(EXIT.ok);
    // Through --server the same offline check is allowed (it opens no database).
    expect((await asAuditor('audit', 'verify', out, '--key', fingerprint)).code).toBe(EXIT.ok);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('"token:revoked"'); // the event the previous test caused
    writeFileSync(out, text.replace('"token:revoked"', '"token:created"'));
    expect((await run(['audit', 'verify', out, '--key', fingerprint])).code).toBe(EXIT.failed);
    // An administrator's token has no audit:export: refused, and no file is written.
    const admin = await asAdmin('audit', 'export', '--out', join(t.dir, 'admin.jsonl'));
    expect(admin.code).toBe(EXIT.failed);
    expect(admin.err).toContain('permission_denied');
    expect(existsSync(join(t.dir, 'admin.jsonl'))).toBe(false);
  });

  it('token create through the server makes a token for the session owner only; API tokens cannot mint tokens', async () => {
    aliceSession = await signInHttp(t.url, ALICE.username, ALICE.password);
    const mint = await run(
      ['--server', t.url, 'token', 'create', '--name', 'from cli', '--role', 'member', '--months', '1'],
      {
        PORTCULLIS_TOKEN: aliceSession,
      },
    );
    expect(mint.code, mint.err).toBe(EXIT.ok);
    const secret = mint.out.trim();
    expect(mint.out).toBe(`${secret}\n`);
    expect((await callApi(t.url, 'users:list', {}, { token: secret })).body).toMatchObject({
      code: 'permission_denied',
    });
    const other = await run(
      [
        '--server',
        t.url,
        'token',
        'create',
        '--user',
        'mike',
        '--name',
        'x',
        '--role',
        'member',
        '--months',
        '1',
      ],
      {
        PORTCULLIS_TOKEN: aliceSession,
      },
    );
    expect(other.code).toBe(EXIT.usage);
    expect(other.err).toContain('owner of PORTCULLIS_TOKEN (alice)');
    const above = await run(
      ['--server', t.url, 'token', 'create', '--name', 'x', '--role', 'owner', '--months', '1'],
      { PORTCULLIS_TOKEN: aliceSession },
    );
    expect(above.code).toBe(EXIT.failed);
    expect(above.err).toContain('above yours (admin)');
    expect(above.out).toBe('');
    const byToken = await asAdmin('token', 'create', '--name', 'x', '--role', 'member', '--months', '1');
    expect(byToken.code).not.toBe(EXIT.ok);
    expect(byToken.out).toBe('');
  });
});
