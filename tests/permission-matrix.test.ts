import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, contract } from '../shared/ipc/contract';
import { ROLES, type Role } from '../shared/domain/roles';
import { EXPECTED, type Fixture } from './support/permission-expectations';
import { removeDir, snapshotDb, startServices, windowCaller, type TestApp } from './support/services';
import { seedUsers, signInWindow } from './support/admin-fixtures';

/**
 * Every contract channel x every role (and no session): allowed, or refused with a permission
 * error and nothing written. The table (support/permission-expectations.ts) is explicit per channel
 * and independent of roles.ts; a channel without an entry fails the test.
 */
const REFUSALS = new Set(['permission_denied', 'not_signed_in']);

describe('permission matrix: every channel x every role', () => {
  let app: TestApp;
  const windows = new Map<Role, Awaited<ReturnType<typeof signInWindow>>>();
  const fixture: Fixture = { victimId: 0 };

  beforeAll(async () => {
    app = await startServices();
    const ids = await seedUsers(app, [
      ...ROLES.map((role) => ({ username: `the-${role}`, role })),
      { username: 'victim', role: 'member' as const },
    ]);
    fixture.victimId = ids[ids.length - 1] ?? 0;
  });
  afterAll(async () => {
    await app.close();
    removeDir(app.dir);
  });

  /** A signed-in window per role; signs in again when an allowed call ended its session. */
  async function windowOf(role: Role) {
    const w = windows.get(role);
    if (w) {
      const me = await w.call('auth:me');
      if (me.ok && me.value) return w;
    }
    const fresh = await signInWindow(app, `w-${role}-${Math.random()}`, `the-${role}`);
    windows.set(role, fresh);
    return fresh;
  }

  it('has an explicit expectation for every channel, and the contract agrees with it', () => {
    const missing = CHANNELS.filter((c) => !(c in EXPECTED));
    expect(missing, 'channels without an entry in the permission matrix').toEqual([]);
    for (const c of CHANNELS) {
      const access = contract[c].access;
      const who = EXPECTED[c]?.who;
      if (who === 'public' || who === 'self') expect(access, c).toBe(who);
      else expect(access === 'public' || access === 'self', c).toBe(false);
    }
  });

  for (const channel of CHANNELS) {
    it(channel, async () => {
      const e = EXPECTED[channel];
      if (!e) throw new Error(`no expectation for ${channel}`);
      const payload = e.payload?.(fixture);
      // A refusal only means something for a payload that passes the schema (parsing runs first).
      expect(contract[channel].input.safeParse(payload).success, `${channel} sample payload`).toBe(true);
      // No session: only public channels run.
      const before = snapshotDb(app);
      const anon = await app.container.pipeline.dispatch(
        windowCaller(`anon-${channel}`).caller,
        channel,
        payload,
      );
      if (e.who === 'public') expect(!anon.ok && REFUSALS.has(anon.code), `${channel} anon`).toBe(false);
      else {
        expect(anon, `${channel} without a session`).toMatchObject({ ok: false, code: 'not_signed_in' });
        expect(snapshotDb(app)).toBe(before);
      }
      for (const role of ROLES) {
        const allowed = e.who === 'public' || e.who === 'self' || e.who.includes(role);
        const w = await windowOf(role);
        const snap = allowed ? '' : snapshotDb(app);
        const r = await w.call(channel, payload);
        if (allowed) {
          expect(!r.ok && REFUSALS.has(r.code), `${channel} as ${role}: ${JSON.stringify(r)}`).toBe(false);
        } else {
          expect(r, `${channel} as ${role}`).toMatchObject({ ok: false, code: 'permission_denied' });
          expect(snapshotDb(app), `${channel} as ${role} wrote something`).toBe(snap);
        }
      }
    });
  }
});
