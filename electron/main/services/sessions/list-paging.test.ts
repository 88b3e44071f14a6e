import { describe, expect, it } from 'vitest';
import { servicesPerTest, startSeeded } from '../../../../tests/support/per-test';
import { OWNER, seedUsers, signedInWindow } from '../../../../tests/support/my-security-fixtures';
import type { Page } from '../../../../shared/domain/user';
import type { SessionView } from '../../../../shared/domain/session';
import type { ApiTokenView } from '../../../../shared/ipc/contracts/tokens.contract';

// Issue 17: sessions:listAll and tokens:listAll page in main instead of stopping at 1,000 rows.
const MIKE = { username: 'mike', role: 'admin' as const, password: 'members only password' };
const SEEDED = 1050;

/** `n` seconds after 2026-03-01 (the test clock starts at 2026-03-02T09:00:00Z). */
const at = (n: number) => new Date(Date.UTC(2026, 2, 1) + n * 1000).toISOString();

describe('administrators lists past 1,000 rows (sessions and tokens)', () => {
  const app = servicesPerTest(startSeeded((started) => seedUsers(started, MIKE)));
  const db = () => app.container.database.db;
  const userId = async (username: string) =>
    (await db().selectFrom('users').select('id').where('username', '=', username).executeTakeFirstOrThrow())
      .id;

  /** 1,050 live sessions: every third one the owner's, the rest mike's. */
  async function seedSessions(): Promise<void> {
    const [owner, mike] = [await userId(OWNER.username), await userId(MIKE.username)];
    const rows = Array.from({ length: SEEDED }, (_, i) => ({
      id: (i + 1).toString(16).padStart(32, '0'),
      user_id: i % 3 === 0 ? owner : mike,
      created_at: at(i),
      last_seen_at: at(i),
      expires_at: '2026-12-01T00:00:00.000Z',
      ended_at: null,
      end_reason: null,
      ip: `10.0.${Math.floor(i / 250)}.${i % 250}`,
      user_agent: 'seed',
      device_type: 'desktop',
      browser: 'Seed',
      os: 'Linux',
      location: '',
    }));
    for (let i = 0; i < rows.length; i += 200)
      await db()
        .insertInto('sessions')
        .values(rows.slice(i, i + 200))
        .execute();
  }

  /** 1,050 tokens: 600 mike's, 450 the owner's. */
  async function seedTokens(): Promise<void> {
    const [owner, mike] = [await userId(OWNER.username), await userId(MIKE.username)];
    const rows = Array.from({ length: SEEDED }, (_, i) => ({
      user_id: i < 600 ? mike : owner,
      name: `t${i}`,
      role: 'member',
      token_hash: `hash-${i}`,
      hint: 'pcl_…abcd',
      created_at: at(i),
      expires_at: '2026-12-01T00:00:00.000Z',
      last_used_at: null,
      revoked_at: null,
      revoked_by: null,
    }));
    for (let i = 0; i < rows.length; i += 200)
      await db()
        .insertInto('api_tokens')
        .values(rows.slice(i, i + 200))
        .execute();
  }

  async function page<T>(
    w: { call: (c: string, p?: unknown) => Promise<unknown> },
    channel: string,
    input: object,
  ) {
    const r = (await w.call(channel, input)) as { ok: boolean; value: Page<T>; message?: string };
    if (!r.ok) throw new Error(`${channel}: ${r.message ?? ''}`);
    return r.value;
  }

  it('sessions:listAll pages through 1,052 live sessions: page 21 reaches rows 1,001+, totals and filters right, no row twice', async () => {
    const owner = await signedInWindow(app, 'o', OWNER.username, OWNER.password);
    const mike = await signedInWindow(app, 'm', MIKE.username, MIKE.password);
    await seedSessions();
    const total = SEEDED + 2; // plus the two sign-ins above

    const seen: string[] = [];
    for (let p = 1; p <= 3; p++) {
      const got = await page<SessionView>(owner, 'sessions:listAll', { page: p, pageSize: 500 });
      expect(got).toMatchObject({ total, page: p, pageSize: 500 });
      expect(got.items).toHaveLength(p < 3 ? 500 : 52);
      seen.push(...got.items.map((s) => s.id));
    }
    expect(new Set(seen).size).toBe(total);
    // Newest activity first: the seeded rows come after the two sign-ins (now), newest seeded first.
    const p21 = await page<SessionView>(owner, 'sessions:listAll', { page: 21, pageSize: 50 });
    expect(p21.items.map((s) => s.id)).toEqual(seen.slice(1000, 1050));
    expect(p21.items[0]?.id).toBe((SEEDED - 998).toString(16).padStart(32, '0'));
    expect((await page<SessionView>(owner, 'sessions:listAll', { page: 30, pageSize: 50 })).items).toEqual(
      [],
    );

    // Filters count only what they match: mike has 700 seeded + his sign-in.
    const mikes = await page<SessionView>(owner, 'sessions:listAll', { user: 'mik', page: 2, pageSize: 500 });
    expect(mikes.total).toBe(701);
    expect(mikes.items).toHaveLength(201);
    expect(mikes.items.every((s) => s.username === 'mike')).toBe(true);
    const byIp = await page<SessionView>(owner, 'sessions:listAll', { ip: '10.0.4.', pageSize: 500 });
    expect(byIp.total).toBe(SEEDED - 1000);

    // His own list never shows the owner's sessions, however many there are.
    const own = (await mike.call('sessions:listMine')) as { ok: true; value: SessionView[] };
    expect(own.value).toHaveLength(701);
    expect(own.value.every((s) => s.username === 'mike')).toBe(true);
  });

  it('tokens:listAll pages through 1,050 tokens: page 2 of 1,000 holds the last 50, totals and owner filter right', async () => {
    const owner = await signedInWindow(app, 'o', OWNER.username, OWNER.password);
    const mike = await signedInWindow(app, 'm', MIKE.username, MIKE.password);
    await seedTokens();

    const first = await page<ApiTokenView>(owner, 'tokens:listAll', { page: 1, pageSize: 500 });
    const second = await page<ApiTokenView>(owner, 'tokens:listAll', { page: 2, pageSize: 500 });
    const third = await page<ApiTokenView>(owner, 'tokens:listAll', { page: 3, pageSize: 500 });
    expect([first.total, second.total, third.total]).toEqual([SEEDED, SEEDED, SEEDED]);
    const names = [...first.items, ...second.items, ...third.items].map((t) => t.name);
    // Newest first: t1049 … t0, each once.
    expect(names).toEqual(Array.from({ length: SEEDED }, (_, i) => `t${SEEDED - 1 - i}`));
    const p21 = await page<ApiTokenView>(owner, 'tokens:listAll', { page: 21, pageSize: 50 });
    expect(p21.items.map((t) => t.name)).toEqual(names.slice(1000));
    expect(p21.items.at(-1)?.name).toBe('t0');

    const mikes = await page<ApiTokenView>(owner, 'tokens:listAll', { user: 'MIK', page: 2, pageSize: 500 });
    expect([mikes.total, mikes.items.length]).toEqual([600, 100]);
    expect(mikes.items.every((t) => t.username === 'mike')).toBe(true);

    const own = (await mike.call('tokens:listMine')) as { ok: true; value: ApiTokenView[] };
    expect(own.value).toHaveLength(600);
    expect(own.value.every((t) => t.username === 'mike')).toBe(true);
  });

  it('refuses a page size over 500, a page below 1, a fractional page and a text page size', async () => {
    const owner = await signedInWindow(app, 'o', OWNER.username, OWNER.password);
    for (const channel of ['sessions:listAll', 'tokens:listAll'])
      for (const bad of [{ pageSize: 501 }, { page: 0 }, { page: 1.5 }, { pageSize: '50' }])
        expect(await owner.call(channel, bad)).toMatchObject({ ok: false, code: 'invalid_input' });
  });
});
