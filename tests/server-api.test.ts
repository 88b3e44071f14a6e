import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callApi, signInHttp, startTestServer, type TestServer } from './support/team-server';
import { MEMBER, OWNER, person } from './support/people';

const ALICE = {
  ...person('alice', 'Alice Admin', 'admins have long passwords'),
  phone: null,
  role: 'admin' as const,
  mustChangePassword: false,
};
const MIKE = { ...MEMBER, mustChangePassword: false };

describe('team server: the API over HTTP', () => {
  let t: TestServer;
  let owner: string;
  beforeAll(async () => {
    t = await startTestServer();
    owner = await signInHttp(t.url, OWNER.username, OWNER.password);
    for (const p of [ALICE, MIKE])
      expect((await callApi(t.url, 'users:create', p, { token: owner })).body.ok).toBe(true);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers /health and /ready', async () => {
    const health = await fetch(`${t.url}/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true, value: { status: 'live' } });
    const ready = await fetch(`${t.url}/ready`);
    expect(ready.status).toBe(200);
    expect(health.headers.get('access-control-allow-origin')).toBeNull();
    expect(health.headers.get('set-cookie')).toBeNull();
  });

  it('signs in over HTTP, then calls a channel with the session token', async () => {
    const me = await callApi(t.url, 'auth:me', undefined, { token: owner });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ ok: true, value: { username: OWNER.username, role: 'owner' } });
    // Without the token the same call is anonymous (auth:me is public: null).
    expect((await callApi(t.url, 'auth:me')).body).toEqual({ ok: true, value: null });
    // An admin channel without a bearer: 401.
    const anon = await callApi(t.url, 'users:list', {});
    expect(anon.status).toBe(401);
    expect(anon.body).toMatchObject({ ok: false, code: 'not_signed_in' });
  });

  it('an admin API token lists users; a member token is refused an admin channel', async () => {
    const alice = await signInHttp(t.url, ALICE.username, ALICE.password);
    const created = await callApi(
      t.url,
      'tokens:create',
      { name: 'sync', months: 1, role: 'admin' },
      { token: alice },
    );
    const secret = (created.body.value as { secret: string }).secret;
    const list = await callApi(t.url, 'users:list', {}, { token: secret });
    expect(list.status).toBe(200);
    const names = (list.body.value as { items: { username: string }[] }).items.map((u) => u.username);
    expect(names).toEqual(expect.arrayContaining(['olivia', 'alice', 'mike']));

    const mike = await signInHttp(t.url, MIKE.username, MIKE.password);
    const mikeToken = (
      (await callApi(t.url, 'tokens:create', { name: 'mine', months: 1, role: 'member' }, { token: mike }))
        .body.value as { secret: string }
    ).secret;
    const refused = await callApi(t.url, 'users:list', {}, { token: mikeToken });
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ ok: false, code: 'permission_denied' });
  });
});
