import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyFileKeychain } from '../electron/main/adapters/key-file.keychain';
import { MemoryLogger } from '../electron/main/adapters/logger';
import { startServer, type RunningServer } from '../electron/main/server';
import { testPgServer } from './support/engine';
import { OWNER, person } from './support/people';
import { removeDir, tempDir } from './support/services';
import { callApi, signInHttp } from './support/team-server';

const ALICE = {
  ...person('alice', 'Alice Admin', 'admins have long passwords'),
  phone: null,
  role: 'admin' as const,
  mustChangePassword: false,
};

// Issue 19: two team servers on one PostgreSQL database, their keys in one key file.
describe('team server on PostgreSQL: two servers, one directory', () => {
  const dir = tempDir('portcullis-server-pg-');
  let a: RunningServer;
  let b: RunningServer;
  beforeAll(async () => {
    const db = await (await testPgServer()).createDatabase();
    const keyFile = join(dir, 'keys.json');
    const start = () =>
      startServer({
        db,
        listen: '127.0.0.1:0',
        keychain: new KeyFileKeychain(keyFile),
        logger: new MemoryLogger(),
        // Streams are re-checked only every 10 minutes: a prompt session:ended can come only from LISTEN/NOTIFY.
        limits: { eventRecheckMs: 600_000 },
      });
    a = await start();
    b = await start();
    await a.container.services.auth.createOwner(OWNER, { ip: '127.0.0.1', userAgent: 'test' });
  }, 60_000);
  afterAll(async () => {
    await a.close();
    await b.close();
    removeDir(dir);
  });

  it('both answer /health and /ready; a session or an API token from one works on the other', async () => {
    for (const s of [a, b]) {
      expect((await fetch(`${s.url}/health`)).status).toBe(200);
      expect((await fetch(`${s.url}/ready`)).status).toBe(200);
    }
    const owner = await signInHttp(a.url, OWNER.username, OWNER.password);
    expect((await callApi(a.url, 'users:create', ALICE, { token: owner })).body.ok).toBe(true);
    const alice = await signInHttp(b.url, ALICE.username, ALICE.password);
    const made = await callApi(
      a.url,
      'tokens:create',
      { name: 'report', months: 1, role: 'admin' },
      { token: alice },
    );
    const secret = (made.body.value as { secret: string }).secret;
    const list = await callApi(b.url, 'users:list', {}, { token: secret });
    expect(
      (list.body.value as { items: { username: string }[] }).items.map((u) => u.username).sort(),
    ).toEqual(['alice', 'olivia']);
    expect((await callApi(a.url, 'auth:me', undefined, { token: alice })).body).toMatchObject({
      value: { username: 'alice' },
    });
  });

  it('a session revoked through one server is refused on the other at once', async () => {
    const owner = await signInHttp(a.url, OWNER.username, OWNER.password);
    const alice = await signInHttp(b.url, ALICE.username, ALICE.password);
    expect((await callApi(b.url, 'users:list', {}, { token: alice })).body.ok).toBe(true);
    const revoked = await callApi(
      a.url,
      'sessions:revokeAny',
      { sessionId: alice.slice(4, 36) },
      { token: owner },
    );
    expect(revoked.body).toEqual({ ok: true, value: null });
    const refused = await callApi(b.url, 'users:list', {}, { token: alice });
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ ok: false, code: 'session_revoked' });
  });

  it('the event stream held by one server hears at once that the session was revoked through the other', async () => {
    const owner = await signInHttp(a.url, OWNER.username, OWNER.password);
    const alice = await signInHttp(b.url, ALICE.username, ALICE.password);
    const stream = await fetch(`${b.url}/events`, { headers: { authorization: `Bearer ${alice}` } });
    expect(stream.status).toBe(200);
    const reader = (stream.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = decoder.decode((await reader.read()).value);
    expect(text).toContain(': connected');
    const revoked = await callApi(
      a.url,
      'sessions:revokeAny',
      { sessionId: alice.slice(4, 36) },
      { token: owner },
    );
    expect(revoked.body).toEqual({ ok: true, value: null });
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(text).toContain('event: session:ended\ndata: {"reason":"revoked"}');
  });
});
