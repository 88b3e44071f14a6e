import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../cli/io';
import { isLoopbackHost, parseServerUrl, resolveTarget } from '../cli/remote/target';
import { bundleCli, type CliRun } from './support/cli-bundle';
import { startTestServer, type TestServer } from './support/team-server';
import { person } from './support/people';
import { removeDir, tempDir } from './support/services';

// The bundled CLI against a real team server over HTTPS with a private certificate, and rate limits.
const root = join(__dirname, '..');
const pki = tempDir('portcullis-cli-tls-');
let script = '';
let t: TestServer;
let token = '';

/** A self-signed certificate for `san` (it is its own authority), written to `<name>.pem` and `<name>.key`. */
function certificate(name: string, san: string): { cert: string; key: string } {
  const cert = join(pki, `${name}.pem`);
  const key = join(pki, `${name}.key`);
  const made = spawnSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
      `/CN=${name}`,
      '-addext',
      `subjectAltName=${san}`,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`openssl failed: ${made.stderr}`);
  return { cert, key };
}

function run(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
  const clean = { ...process.env, PORTCULLIS_SERVER: undefined, PORTCULLIS_TOKEN: token, ...env };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: root, env: clean });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('close', (code) => {
      resolve({ code, out, err });
    });
  });
}

let server: { cert: string; key: string };
let stranger: { cert: string; key: string };

beforeAll(async () => {
  script = bundleCli('cli-server-tls');
  server = certificate('portcullis-test-server', 'IP:127.0.0.1');
  stranger = certificate('someone-else', 'IP:127.0.0.1');
  t = await startTestServer({
    tls: { cert: readFileSync(server.cert), key: readFileSync(server.key) },
    limits: { perPrincipal: { burst: 3, perSecond: 0.001 } },
  });
  const { services, repositories } = t.server.container;
  const operator = { id: 0, username: 'test', role: 'owner' as const, sessionId: null };
  const client = { ip: '127.0.0.1', userAgent: 'test' };
  const alice = person('alice', 'Alice Admin', 'admins have long passwords');
  await services.users.create(
    {
      ...alice,
      phone: null,
      role: 'admin',
      canChangePassword: true,
      canSendSms: false,
      mustChangePassword: false,
    },
    operator,
    client,
  );
  const row = await repositories.users.findByLogin('alice');
  if (!row) throw new Error('no alice');
  token = (await services.tokens.create(row, operator, { name: 'tls', months: 1, role: 'admin' }, client))
    .secret;
}, 120_000);

afterAll(async () => {
  await t.close();
  removeDir(pki);
});

describe('portcullis --server over HTTPS', () => {
  it('refuses a certificate nobody vouches for (exit 3, says --ca); --ca with the right authority works', async () => {
    expect(t.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const untrusted = await run(['--server', t.url, 'user', 'list', '--json']);
    expect(untrusted.code).toBe(EXIT.environment);
    expect(untrusted.err).toContain('is not trusted');
    expect(untrusted.err).toContain('--ca FILE');
    expect(untrusted.err).not.toContain(token);
    const trusted = await run(['--server', t.url, '--ca', server.cert, 'user', 'list', '--json']);
    expect(trusted.code, trusted.err).toBe(EXIT.ok);
    expect(JSON.parse(trusted.out)).toEqual(
      expect.arrayContaining([expect.objectContaining({ username: 'alice' })]),
    );
  });

  it("refuses another authority's certificate, a name the certificate does not carry, and a --ca that is no certificate", async () => {
    const other = await run(['--server', t.url, '--ca', stranger.cert, 'user', 'list']);
    expect(other.code).toBe(EXIT.environment);
    expect(other.err).toContain('is not trusted');
    const wrongName = await run([
      '--server',
      t.url.replace('127.0.0.1', 'localhost'),
      '--ca',
      server.cert,
      'user',
      'list',
    ]);
    expect(wrongName.code).toBe(EXIT.environment);
    expect(wrongName.err).toContain('ERR_TLS_CERT_ALTNAME_INVALID');
    const junk = join(pki, 'junk.pem');
    writeFileSync(junk, 'not a certificate');
    const bad = await run(['--server', t.url, '--ca', junk, 'user', 'list']);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.err).toContain('holds no PEM certificate');
    const missing = await run(['--server', t.url, '--ca', join(pki, 'nope.pem'), 'user', 'list']);
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toContain('cannot be read');
  });

  it('a rate-limited token: exit 1, HTTP 429 and when to try again', async () => {
    let last: CliRun | undefined;
    for (let i = 0; i < 6; i++) {
      last = await run(['--server', t.url, '--ca', server.cert, 'user', 'list']);
      if (last.code !== EXIT.ok) break;
    }
    expect(last?.code).toBe(EXIT.failed);
    expect(last?.err).toContain('HTTP 429');
    expect(last?.err).toMatch(/Try again in \d+ seconds/);
  });
});

describe('server URL and token rules (no network)', () => {
  it('loopback is 127.0.0.0/8, ::1 and localhost only', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', '[::1]', '::1', 'localhost', 'LOCALHOST'])
      expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['10.0.0.1', '128.0.0.1', '127.example.org', 'localhost.example.org', '[::2]', '0.0.0.0'])
      expect(isLoopbackHost(h), h).toBe(false);
  });

  it('takes https anywhere and http on loopback; keeps only the origin', () => {
    expect(parseServerUrl('https://portcullis.example.org:8443/')).toBe(
      'https://portcullis.example.org:8443',
    );
    expect(parseServerUrl('http://127.0.0.1:8443')).toBe('http://127.0.0.1:8443');
    expect(parseServerUrl('http://[::1]:8443')).toBe('http://[::1]:8443');
    for (const bad of [
      'http://0.0.0.0:1',
      'http://192.168.1.1',
      'https://x/api',
      'https://x/?a=1',
      'file:///etc/passwd',
    ])
      expect(() => parseServerUrl(bad), bad).toThrow();
  });

  it('reads the token from PORTCULLIS_TOKEN only, refusing an empty or whitespace-carrying one', () => {
    expect(resolveTarget({}, {})).toBeNull();
    expect(() => resolveTarget({ ca: 'x.pem' }, {})).toThrow('--ca is for --server');
    expect(() => resolveTarget({ server: 'https://x' }, {})).toThrow('set PORTCULLIS_TOKEN');
    expect(() => resolveTarget({ server: 'https://x' }, { PORTCULLIS_TOKEN: 'pcl_a b' })).toThrow(
      'does not look like a token',
    );
    expect(resolveTarget({}, { PORTCULLIS_SERVER: 'https://x', PORTCULLIS_TOKEN: 'pcl_ok' })).toEqual({
      base: 'https://x',
      token: 'pcl_ok',
    });
  });
});
