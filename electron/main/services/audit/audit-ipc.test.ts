import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { startServices, windowCaller } from '../../../../tests/support/services';
import { servicesPerTest } from '../../../../tests/support/per-test';
import { databaseArg } from '../../../../tests/support/engine';
import { MEMBER, OWNER } from '../../../../tests/support/people';
import { CLI_CLIENT } from '../context';
import { OfflineGeoLookup } from '../../adapters/geo';
import { generateDemo } from './demo';
import { ExportCancelled } from './export';
import { verifyDatabase } from './verify-db';
import type { AuditPage } from '../../../../shared/domain/audit';

interface Row {
  id: number;
  at: string;
  code: string;
  actor_name: string | null;
  subject_name: string | null;
}

const app = servicesPerTest();
const picks: (string | null)[] = [];

beforeEach(async () => {
  const s = app.container.services;
  s.fileDialog.use({
    chooseSavePath: () => Promise.resolve(picks.shift() ?? null),
    chooseOpenPath: () => Promise.resolve(picks.shift() ?? null),
  });
  await s.auth.createOwnerAccount(OWNER, CLI_CLIENT);
  await s.users.create(
    MEMBER,
    { id: 1, username: OWNER.username, role: 'owner', sessionId: null },
    CLI_CLIENT,
  );
});

/** Fills the audit log with the demo generator's `events` events among `users` users, up to now. */
function demoHistory(users: number, events: number) {
  return generateDemo(app.container.database.sqlite, new OfflineGeoLookup(), {
    users,
    events,
    passwordHash: 'x',
    now: app.clock.now(),
  });
}

async function call<T>(key: string, channel: string, payload: unknown): Promise<T> {
  const r = await app.container.pipeline.dispatch(windowCaller(key).caller, channel, payload);
  if (!r.ok) throw new Error(`${channel}: ${r.code} ${r.message}`);
  return r.value as T;
}

describe('audit channels', () => {
  it('members see only their own events; the full log needs audit:read', async () => {
    await call('owner', 'auth:signIn', { login: OWNER.username, password: OWNER.password });
    await call('mike', 'auth:signIn', { login: MEMBER.username, password: MEMBER.password });
    const mine = await call<AuditPage>('mike', 'audit:mine', { filter: { user: OWNER.username } });
    expect(mine.items.length).toBeGreaterThan(0);
    for (const e of mine.items) expect([e.actorName, e.subjectName]).toContain(MEMBER.username);
    const denied = await app.container.pipeline.dispatch(windowCaller('mike').caller, 'audit:list', {});
    expect(denied).toMatchObject({ ok: false, code: 'permission_denied' });
    const all = await call<AuditPage>('owner', 'audit:list', { filter: {}, withCount: true });
    expect(all.approxTotal?.count).toBe(all.items.length);
    expect(all.items.some((e) => e.subjectName === OWNER.username)).toBe(true);
  });

  it('keyset pages walk exactly the filtered rows, newest first, for every kind of filter', async () => {
    await demoHistory(10, 600);
    await call('owner', 'auth:signIn', { login: OWNER.username, password: OWNER.password });
    const all = app.container.database.sqlite
      .prepare('SELECT id, at, code, actor_name, subject_name FROM audit_events ORDER BY id DESC')
      .all() as Row[];
    const someone = all.find((r) => r.code === 'user:login_failed')?.subject_name ?? '';
    const mid = all[300]?.at ?? '';
    const cases: [object, (r: Row) => boolean][] = [
      [{ code: 'user:logged_in' }, (r) => r.code === 'user:logged_in'],
      [{ group: 'password' }, (r) => r.code.startsWith('user.password')],
      [{ user: someone.toUpperCase() }, (r) => r.subject_name === someone || r.actor_name === someone],
      [
        { user: someone, group: 'sign-in' },
        (r) =>
          (r.subject_name === someone || r.actor_name === someone) &&
          ['user:logged_in', 'user:logged_out', 'user:login_failed', 'user:locked'].includes(r.code),
      ],
      [{ to: mid }, (r) => r.at < mid],
      [{ from: mid, code: 'user:logged_out' }, (r) => r.at >= mid && r.code === 'user:logged_out'],
    ];
    for (const [filter, keep] of cases) {
      const ids: number[] = [];
      let before: number | undefined;
      for (;;) {
        const page = await call<AuditPage>('owner', 'audit:list', { filter, before, pageSize: 17 });
        ids.push(...page.items.map((e) => e.id));
        if (page.nextCursor === null) break;
        before = page.nextCursor;
      }
      const expected = all.filter(keep).map((r) => r.id);
      expect(expected.length).toBeGreaterThan(0);
      expect(ids, JSON.stringify(filter)).toEqual(expected);
    }
  });

  it('an export opens in offline review without signing in; a non-export is refused', async () => {
    await call('owner', 'auth:signIn', { login: OWNER.username, password: OWNER.password });
    const out = join(app.dir, 'x.jsonl');
    picks.push(out);
    const job = await call<{ id: string; state: string }>('owner', 'audit:export', {
      filter: {},
      format: 'jsonl',
    });
    for (
      let i = 0;
      i < 100 &&
      (await call<{ state: string }>('owner', 'audit:exportStatus', { id: job.id })).state === 'running';
      i++
    )
      await new Promise((r) => setTimeout(r, 20));
    picks.push(out);
    const opened = await call<{ id: string }>('stranger', 'review:open', undefined);
    const done = await app.container.desktop.review.settled(opened.id);
    expect(done.verdict?.status).toBe('intact');
    const page = await call<AuditPage>('stranger', 'review:list', {
      id: opened.id,
      filter: { user: OWNER.username },
    });
    expect(page.items.length).toBeGreaterThan(0);
    const junk = join(app.dir, 'junk.jsonl');
    writeFileSync(junk, 'id,at\n1,2\n');
    picks.push(junk);
    const badOpened = await call<{ id: string }>('stranger', 'review:open', undefined);
    expect((await app.container.desktop.review.settled(badOpened.id)).verdict?.status).toBe('not-an-export');
  });

  it('an export filtered by free text holds the events the list shows for it, case ignored, on either engine', async () => {
    await call('owner', 'auth:signIn', { login: OWNER.username, password: OWNER.password });
    const filter = { text: OWNER.username.toUpperCase() };
    const listed = await call<AuditPage>('owner', 'audit:list', { filter });
    expect(listed.items.length).toBeGreaterThan(0);
    const out = join(app.dir, 'filtered.jsonl');
    picks.push(out);
    const job = await call<{ id: string }>('owner', 'audit:export', { filter, format: 'jsonl' });
    let state = 'running';
    for (let i = 0; i < 200 && state === 'running'; i++) {
      state = (await call<{ state: string }>('owner', 'audit:exportStatus', { id: job.id })).state;
      if (state === 'running') await new Promise((r) => setTimeout(r, 20));
    }
    expect(state).toBe('done');
    const ids = readFileSync(out, 'utf8')
      .split('\n')
      .map((l) => (l ? (JSON.parse(l) as { n?: number; id?: number }) : {}))
      .filter((l) => l.n !== undefined)
      .map((l) => l.id);
    expect(ids.sort()).toEqual(listed.items.map((e) => e.id).sort());
  });

  it('a cancelled export leaves no file behind', async () => {
    await demoHistory(5, 5000);
    const out = join(app.dir, 'cancelled.jsonl');
    const abort = new AbortController();
    const seen: number[] = [];
    const run = app.container.services.auditExport.run(
      { filter: {}, format: 'jsonl', out, actor: null, client: null, exportedBy: 'test' },
      {
        signal: abort.signal,
        onProgress: (p) => {
          seen.push(p.events);
          abort.abort();
        },
      },
    );
    await expect(run).rejects.toBeInstanceOf(ExportCancelled);
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[0]).toBeLessThan(5000);
    // Not only at once: a stream destroyed while its file is opening would create it a moment later.
    for (const wait of [0, 300]) {
      await new Promise((resolve) => setTimeout(resolve, wait));
      expect(existsSync(out)).toBe(false);
      expect(existsSync(`${out}.partial`)).toBe(false);
    }
  });

  it('retention removes whole old days, leaves an event, and the chain still verifies', async () => {
    // A log whose ids follow time, as in real life (no owner created "now" before the history).
    const fresh = await startServices();
    try {
      await generateDemo(fresh.container.database.sqlite, new OfflineGeoLookup(), {
        users: 5,
        events: 400,
        passwordHash: 'x',
        now: fresh.clock.now(),
        months: 2,
      });
      const db = fresh.container.database.sqlite;
      const count = () => (db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;
      const before = count();
      expect(await fresh.container.services.auditRetention.apply()).toMatchObject({ removed: 0, days: null });
      expect(count()).toBe(before);
      const r = await fresh.container.services.auditRetention.setDays(30, null, CLI_CLIENT);
      expect(r.removed).toBeGreaterThan(100);
      // + settings:changed for the new setting, + audit:retention_applied.
      expect(count()).toBe(before - r.removed + 2);
      const oldest = db.prepare('SELECT min(at) AS at FROM audit_events').get() as { at: string };
      expect(Date.parse(oldest.at)).toBeGreaterThanOrEqual(Date.parse('2026-01-31T00:00:00Z'));
      const last = db.prepare('SELECT code FROM audit_events ORDER BY id DESC LIMIT 1').get() as {
        code: string;
      };
      expect(last.code).toBe('audit:retention_applied');
      expect(await fresh.container.repositories.audit.verifyChain()).toMatchObject({ brokenAt: null });
      expect(await verifyDatabase(databaseArg(fresh.dbPath))).toMatchObject({ status: 'intact' });
      expect(() => db.prepare('DELETE FROM audit_events').run()).toThrow(/append-only/);
    } finally {
      await fresh.close();
    }
  });
});
