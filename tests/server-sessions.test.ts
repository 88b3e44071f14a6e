import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, signInHttp, startTestServer, type TestServer } from './support/team-server';
import { OWNER, person } from './support/people';

const ALICE = {
  ...person('alice', 'Alice Admin', 'admins have long passwords'),
  phone: null,
  role: 'admin' as const,
  mustChangePassword: false,
};

interface TokenView {
  id: number;
  name: string;
  lastUsedAt: string | null;
}

/** The tokens of a tokens:listAll answer (a list, or a page of one). */
function tokenViews(value: unknown): TokenView[] {
  return Array.isArray(value) ? (value as TokenView[]) : (value as { items: TokenView[] }).items;
}

/** Reads an event stream until `until` appears or it ends; returns all it got. */
async function readEvents(res: Response, until: string): Promise<string> {
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let text = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text;
    text += decoder.decode(value);
    if (text.includes(until)) {
      // Keep reading: the server must also close the stream after session:ended.
      for (;;) {
        const next = await reader.read();
        if (next.done) return text;
        text += decoder.decode(next.value);
      }
    }
  }
}

describe('team server: sessions and tokens', () => {
  let t: TestServer;
  let owner: string;
  let aliceId: number;
  beforeAll(async () => {
    t = await startTestServer();
    owner = await signInHttp(t.url, OWNER.username, OWNER.password);
    const created = await callApi(t.url, 'users:create', ALICE, { token: owner });
    aliceId = (created.body.value as { id: number }).id;
  });
  afterAll(async () => {
    await t.close();
  });

  it('a revoked session is refused at once, and its event stream gets session:ended then closes', async () => {
    const alice = await signInHttp(t.url, ALICE.username, ALICE.password);
    const stream = await fetch(`${t.url}/events`, { headers: { authorization: `Bearer ${alice}` } });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const events = readEvents(stream, 'event: session:ended');
    expect((await callApi(t.url, 'auth:me', undefined, { token: alice })).body).toMatchObject({
      ok: true,
      value: { username: 'alice' },
    });

    const sessionId = alice.slice(4, 36);
    const revoked = await callApi(t.url, 'sessions:revokeAny', { sessionId }, { token: owner });
    expect(revoked.body).toEqual({ ok: true, value: null });

    const text = await events;
    expect(text).toContain('event: session:ended\ndata: {"reason":"revoked"}');
    const after = await callApi(t.url, 'users:list', {}, { token: alice });
    expect(after.status).toBe(401);
    expect(after.body).toMatchObject({ ok: false, code: 'session_revoked' });
    // The ended session cannot open a new stream either.
    expect((await fetch(`${t.url}/events`, { headers: { authorization: `Bearer ${alice}` } })).status).toBe(
      401,
    );
  });

  it('signing out over HTTP ends the session token and its event stream', async () => {
    const s = await signInHttp(t.url, OWNER.username, OWNER.password);
    const stream = await fetch(`${t.url}/events`, { headers: { authorization: `Bearer ${s}` } });
    const events = readEvents(stream, 'event: session:ended');
    expect((await callApi(t.url, 'auth:signOut', undefined, { token: s })).body).toEqual({
      ok: true,
      value: null,
    });
    expect(await events).toContain('data: {"reason":"signed_out"}');
    expect((await callApi(t.url, 'auth:me', undefined, { token: s })).body).toEqual({
      ok: true,
      value: null,
    });
    expect((await callApi(t.url, 'users:list', {}, { token: s })).status).toBe(401);
  });

  it('a token acts with min(its role, its owner role now), records its use, and cannot manage its owner', async () => {
    const alice = await signInHttp(t.url, ALICE.username, ALICE.password);
    const made = await callApi(
      t.url,
      'tokens:create',
      { name: 'nightly', months: 1, role: 'admin' },
      { token: alice },
    );
    const secret = (made.body.value as { secret: string }).secret;
    expect((await callApi(t.url, 'users:list', {}, { token: secret })).body.ok).toBe(true);
    const listed = await callApi(t.url, 'tokens:listAll', {}, { token: owner });
    const view = tokenViews(listed.body.value).find((v) => v.name === 'nightly');
    expect(view?.lastUsedAt).not.toBeNull();

    // Own-account channels need a session: a leaked token cannot mint tokens or change the password.
    for (const [channel, payload] of [
      ['tokens:create', { name: 'more', months: 1, role: 'admin' }],
      [
        'account:changePassword',
        { currentPassword: ALICE.password, newPassword: 'another long password here' },
      ],
      ['auth:signIn', { login: 'alice', password: ALICE.password }],
    ] as const)
      expect((await callApi(t.url, channel, payload, { token: secret })).body, channel).toMatchObject({
        ok: false,
        code: 'permission_denied',
      });

    // The owner demotes Alice: her admin token now acts as a member.
    const demoted = await callApi(t.url, 'users:update', { id: aliceId, role: 'member' }, { token: owner });
    expect(demoted.body.ok).toBe(true);
    const capped = await callApi(t.url, 'users:list', {}, { token: secret });
    expect(capped.body).toMatchObject({ ok: false, code: 'permission_denied' });
    expect((await callApi(t.url, 'auth:me', undefined, { token: secret })).body).toMatchObject({
      ok: true,
      value: { username: 'alice', role: 'member' },
    });

    // Revoked: 401 from then on.
    const id = tokenViews(listed.body.value).find((v) => v.name === 'nightly')?.id;
    expect((await callApi(t.url, 'tokens:revokeAny', { id }, { token: owner })).body.ok).toBe(true);
    const refused = await callApi(t.url, 'auth:me', undefined, { token: secret });
    expect(refused.status).toBe(401);
    expect(refused.body.message).toMatch(/revoked/);
    // The event stream is for sessions only.
    expect((await fetch(`${t.url}/events`, { headers: { authorization: `Bearer ${secret}` } })).status).toBe(
      401,
    );
  });
});
