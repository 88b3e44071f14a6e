import { afterAll, beforeAll, expect, it } from 'vitest';
import { OWNER } from './support/people';
import { windowCaller } from './support/services';
import { twoContainersOnOnePg, type PgApp, type PgPair } from './support/two-containers';

// Two processes (two service containers, one connection each) on one PostgreSQL database: an
// admin changing a member's email on one while the owner promotes that member to admin on the
// other. The change may land only while the person is still a member (audit: adam, then olivia).
let pair: PgPair;
beforeAll(async () => {
  pair = await twoContainersOnOnePg();
  await pair.a.container.services.auth.createOwner(OWNER, { ip: '127.0.0.1', userAgent: 'test' });
}, 60_000);
afterAll(async () => {
  await pair.close();
});

const PASSWORD = 'long enough password here';
async function win(app: PgApp, key: string, login: string, password: string) {
  const { caller } = windowCaller(key);
  const call = (channel: string, payload?: unknown) =>
    app.container.pipeline.dispatch(caller, channel, payload);
  const r = await call('auth:signIn', { login, password });
  if (!r.ok) throw new Error(`sign-in of ${login}: ${r.code}`);
  return call;
}

it('a promotion in one process racing an email change in another: no admin changes a peer admin’s email', async () => {
  const olivia = await win(pair.b, 'olivia', OWNER.username, OWNER.password);
  const make = async (username: string, role: string) => {
    const r = await olivia('users:create', {
      username,
      displayName: username,
      email: `${username}@example.com`,
      role,
      password: PASSWORD,
      mustChangePassword: false,
    });
    if (!r.ok) throw new Error(`users:create ${username}: ${r.code}`);
    return (r.value as { id: number }).id;
  };
  await make('adam', 'admin');
  const adam = await win(pair.a, 'adam', 'adam', PASSWORD);
  let landed = 0;
  let late = 0;
  for (let round = 0; round < 4; round++) {
    const ids: number[] = [];
    for (let i = 0; i < 25; i++) ids.push(await make(`mem${String(round)}x${String(i)}`, 'member'));
    const results = await Promise.all(
      ids.flatMap((id, i) => [
        adam('users:update', { id, email: `m${String(round)}x${String(i)}.stolen@evil.example` }),
        // The promotion starts a little later, more so each round, so both orders happen.
        new Promise((r) => setTimeout(r, Math.random() * 30 * (round + 1))).then(() =>
          olivia('users:update', { id, role: 'admin' }),
        ),
      ]),
    );
    for (const [i, id] of ids.entries()) {
      const change = results[2 * i];
      if (!change?.ok) {
        expect(change).toMatchObject({ code: 'permission_denied' });
        continue;
      }
      landed++;
      const events = await pair.a.container.database.db
        .selectFrom('audit_events')
        .select('actor_name')
        .where('code', '=', 'admin.user:updated')
        .where('subject_id', '=', id)
        .orderBy('id')
        .execute();
      if (events.map((e) => e.actor_name).join(',') !== 'adam,olivia') late++;
    }
  }
  console.log(
    `two processes: 100 pairs, ${String(landed)} email changes landed, ${String(late)} of them after the promotion`,
  );
  expect(late).toBe(0);
}, 120_000);
