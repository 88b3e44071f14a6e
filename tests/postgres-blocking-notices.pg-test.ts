import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { twoContainersOnOnePg, type PgPair } from './support/two-containers';

// Issue 14, item 4: blocking notices go out once per user per day, and an account is blocked
// once, with two processes running the scheduler on one PostgreSQL database at the same moments.
// The (user_id, day) key of blocking_notices is claimed in the transaction that queues the email.
const USERS = 10;
const BLOCKING_DATE = '2026-03-10T00:00:00.000Z';
let pair: PgPair;
beforeAll(async () => {
  pair = await twoContainersOnOnePg({ start: '2026-03-03T00:30:00Z' });
});
afterAll(async () => {
  await pair.close();
});

describe('blocking notices with two service containers on one PostgreSQL database', () => {
  it(`${USERS} users, both schedulers running at once every 4 hours: one notice a day each, one block each`, async () => {
    const { db } = pair.a.container.database;
    const now = pair.a.clock.now().toISOString();
    for (let i = 0; i < USERS; i++)
      await db
        .insertInto('users')
        .values({
          username: `nina${i}`,
          display_name: `Nina ${i}`,
          email: `nina${i}@example.com`,
          role: 'member',
          status: 'active',
          blocking_date: BLOCKING_DATE,
          notify_blocking: 1,
          created_at: now,
          updated_at: now,
        })
        .execute();
    const end = Date.parse('2026-03-12T00:00:00Z');
    let runs = 0;
    for (let t = pair.a.clock.now().getTime(); t < end; t += 4 * 3_600_000) {
      const at = new Date(t);
      pair.a.clock.set(at);
      pair.b.clock.set(at);
      // Each process's timer fires at the same moment, twice: four runs racing.
      await Promise.all(
        [pair.a, pair.b, pair.a, pair.b].map((app) => app.container.services.blockingNotices.runDue(at)),
      );
      runs += 4;
    }
    const notices = await db
      .selectFrom('outbox')
      .select(['recipient', 'created_at'])
      .where('template', '=', 'blocking_notice')
      .execute();
    const perUserDay = new Map<string, number>();
    for (const n of notices) {
      const key = `${n.recipient} ${n.created_at.slice(0, 10)}`;
      perUserDay.set(key, (perUserDay.get(key) ?? 0) + 1);
    }
    const twice = [...perUserDay.values()].filter((n) => n > 1).length;
    const days = new Set(notices.map((n) => n.created_at.slice(0, 10)));
    const blockedEvents = await db
      .selectFrom('audit_events')
      .select('subject_id')
      .where('code', '=', 'user:blocked_on_date')
      .execute();
    const blocked = await db.selectFrom('users').select('id').where('status', '=', 'blocked').execute();
    console.log(
      `blocking notices, two containers: ${runs} scheduler runs (4 at a time), ${notices.length} notices for ${USERS} users over ${days.size} days, ${twice} user-days with more than one; ${blocked.length} users blocked, ${blockedEvents.length} blocked_on_date events`,
    );
    expect(twice).toBe(0);
    expect(notices).toHaveLength(USERS * 5);
    expect([...days].sort()).toEqual(['2026-03-05', '2026-03-06', '2026-03-07', '2026-03-08', '2026-03-09']);
    expect(blocked).toHaveLength(USERS);
    expect(blockedEvents).toHaveLength(USERS);
    expect(new Set(blockedEvents.map((e) => e.subject_id)).size).toBe(USERS);
  });
});
