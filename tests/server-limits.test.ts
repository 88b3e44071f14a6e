import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, ServerOptionsError } from '../electron/main/server';
import { KeytarKeychain } from '../electron/main/adapters/keytar.keychain';
import { callApi, signInHttp, startTestServer, type TestServer } from './support/team-server';
import { OWNER } from './support/people';

/** A raw POST, for bodies and headers fetch would not send as they are. */
function rawPost(url: string, path: string, headers: Record<string, string>, body: string | Buffer) {
  return new Promise<{ status: number; body: string; headers: Record<string, unknown> }>(
    (resolve, reject) => {
      const req = request(`${url}${path}`, { method: 'POST', headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
            headers: res.headers,
          });
        });
      });
      req.on('error', reject);
      req.end(body);
    },
  );
}

describe('team server: transport limits', () => {
  let t: TestServer;
  let owner: string;
  beforeAll(async () => {
    t = await startTestServer({
      limits: {
        bodyBytes: 4096,
        perClient: { burst: 1000, perSecond: 1000 },
        perPrincipal: { burst: 12, perSecond: 0.01 },
      },
    });
    owner = await signInHttp(t.url, OWNER.username, OWNER.password);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a body over the limit with 413, declared or streamed, and writes nothing', async () => {
    const declared = await callApi(t.url, 'users:list', { search: 'x'.repeat(5000) }, { token: owner });
    expect(declared.status).toBe(413);
    expect(declared.body).toMatchObject({ ok: false, code: 'invalid_input' });
    // Chunked, no Content-Length: cut off once it passes the limit.
    const chunked = await rawPost(
      t.url,
      '/api/users:list',
      {
        'content-type': 'application/json',
        'transfer-encoding': 'chunked',
        authorization: `Bearer ${owner}`,
      },
      Buffer.alloc(64 * 1024, 0x20),
    ).catch((e: unknown) => ({ status: -1, body: String(e), headers: {} }));
    // The server answers 413 and closes; the client may see the answer or the reset, never a 200.
    expect([413, -1]).toContain(chunked.status);
  });

  it('accepts JSON only (415), valid JSON only (400), known directory channels only (404), POST only (405)', async () => {
    const form = await rawPost(
      t.url,
      '/api/auth:signIn',
      { 'content-type': 'application/x-www-form-urlencoded' },
      'login=olivia',
    );
    expect(form.status).toBe(415);
    const text = await rawPost(t.url, '/api/auth:signIn', { 'content-type': 'text/plain' }, '{}');
    expect(text.status).toBe(415);
    const none = await rawPost(t.url, '/api/auth:signIn', {}, '{}');
    expect(none.status).toBe(415);
    const bad = await rawPost(
      t.url,
      '/api/auth:signIn',
      { 'content-type': 'application/json' },
      '{"login": "olivia",',
    );
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, code: 'invalid_input' });
    for (const channel of [
      'users:nope',
      'review:list',
      'clipboard:writeText',
      'auth:createOwner',
      'audit:savePublicKeyFile',
      '__proto__',
      'constructor',
      '%E0%A4%A',
    ])
      expect((await callApi(t.url, channel, {}, { token: owner })).status, channel).toBe(404);
    expect((await fetch(`${t.url}/nowhere`)).status).toBe(404);
    const get = await fetch(`${t.url}/api/users:list`);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    // A schema-invalid payload is the pipeline's answer: 200 with invalid_input, as over IPC.
    const invalid = await callApi(t.url, 'users:list', { search: 42 }, { token: owner });
    expect(invalid.status).toBe(200);
    expect(invalid.body).toMatchObject({ ok: false, code: 'invalid_input' });
  });

  it('refuses malformed and unknown bearers with 401', async () => {
    for (const authorization of [
      'Basic b2xpdmlh',
      'Bearer',
      'Bearer pcl_short',
      `Bearer ${owner}x`,
      'Bearer pcs_00000000000000000000000000000000.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
      'Bearer xyz',
    ]) {
      const r = await rawPost(
        t.url,
        '/api/auth:me',
        { 'content-type': 'application/json', authorization },
        '',
      );
      expect(r.status, authorization).toBe(401);
      expect(r.headers['www-authenticate']).toBe('Bearer realm="portcullis"');
    }
  });

  it('limits a session to its burst under a parallel burst: exactly 12 pass, the rest 429 with Retry-After', async () => {
    const mine = await signInHttp(t.url, OWNER.username, OWNER.password);
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => callApi(t.url, 'auth:me', undefined, { token: mine })),
    );
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(12);
    expect(statuses.filter((s) => s === 429)).toHaveLength(18);
    const limited = answers.find((a) => a.status === 429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(limited?.body).toMatchObject({ ok: false, code: 'retry_later' });
    // Another session is not affected.
    expect((await callApi(t.url, 'auth:me', undefined, { token: owner })).status).toBe(200);
  });

  it('keeps tokens, passwords and bodies out of the access log', async () => {
    await callApi(t.url, 'auth:signIn', { login: OWNER.username, password: 'wrong password here' });
    const log = JSON.stringify(t.accessLog.lines) + JSON.stringify(t.log.lines);
    expect(t.accessLog.lines.length).toBeGreaterThan(10);
    expect(t.accessLog.lines[0]).toMatchObject({
      message: 'http',
      fields: { method: 'POST', path: '/api/auth:signIn', status: 200 },
    });
    expect(log).not.toContain(owner);
    expect(log).not.toContain(owner.slice(4, 36)); // not even the session id inside the token
    expect(log).not.toContain('pcs_');
    expect(log).not.toContain(OWNER.password);
    expect(log).not.toContain('wrong password here');
  });
});

describe('team server: where it may listen', () => {
  it('refuses a non-loopback address without TLS, and SQLite beyond loopback, before opening anything', async () => {
    const keychain = new KeytarKeychain('Portcullis-test');
    for (const listen of ['0.0.0.0:0', '192.0.2.10:8443', '[::]:0', 'example.org:443']) {
      const started = startServer({ db: '/nonexistent/dir/never-created.db', listen, keychain });
      await expect(started, listen).rejects.toThrow(ServerOptionsError);
      await expect(started).rejects.toThrow(/without TLS/);
    }
    await expect(
      startServer({ db: '/nonexistent/x.db', listen: '0.0.0.0:0', keychain, tls: { cert: 'x', key: 'y' } }),
    ).rejects.toThrow(/needs PostgreSQL/);
    await expect(startServer({ db: '/nonexistent/x.db', listen: 'nonsense', keychain })).rejects.toThrow(
      /HOST:PORT/,
    );
  });
});
