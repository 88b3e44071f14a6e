import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, contract, type ChannelName } from '../../../shared/ipc/contract';
import {
  removeDir,
  snapshotDb,
  startServices,
  windowCaller,
  type TestApp,
} from '../../../tests/support/services';
import { OWNER } from '../../../tests/support/people';

const MINUTE = 60_000;
/** The default idle timeout (settings.service). */
const IDLE_MINUTES = 30;

/** What each background call of the app sends (the renderer's timers). */
const POLLS: [ChannelName, object | undefined][] = [
  ['audit:list', { after: 0, background: true }],
  ['audit:mine', { after: 0, background: true }],
  ['outbox:list', { background: true }],
  ['twoFactor:codeStatus', { purpose: 'enable_2fa' }],
  ['delivery:codeStatus', { messageId: 1 }],
  ['auth:codeStatus', undefined],
];

describe('background calls do not count as activity (idle means idle)', () => {
  let app: TestApp;
  const windows = new Map<string, ReturnType<typeof windowCaller>>();
  const win = (key: string) => {
    const w = windows.get(key) ?? windowCaller(key);
    windows.set(key, w);
    return w;
  };
  const call = (key: string, channel: string, payload?: unknown) =>
    app.container.pipeline.dispatch(win(key).caller, channel, payload);
  const lastSeen = (username: string) =>
    app.container.database.sqlite
      .prepare(
        `SELECT s.id, s.last_seen_at FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE u.username = ? AND s.ended_at IS NULL ORDER BY s.created_at DESC, s.id`,
      )
      .all(username) as { id: string; last_seen_at: string }[];

  beforeAll(async () => {
    app = await startServices();
    expect(await call('setup', 'auth:createOwner', OWNER)).toMatchObject({ ok: true });
    await call('setup', 'auth:signOut');
  });
  afterAll(async () => {
    await app.close();
    removeDir(app.dir);
  });

  it('the contract marks exactly the polls as background, and per-call channels accept the flag', () => {
    const marked = CHANNELS.filter((c) => (contract[c] as { activity?: string }).activity !== undefined);
    const perCall = marked.filter((c) => (contract[c] as { activity?: string }).activity === 'per-call');
    console.log(`Background channels: ${marked.join(', ')} (per-call flag: ${perCall.join(', ')})`);
    // The offline review's progress poll and its paging while loading are public (no session to keep
    // alive), marked background so they stay so if a review is ever opened from a signed-in window.
    // connection:current is asked by the header on every start: where the window works is not the
    // person doing something.
    expect(new Set(marked)).toEqual(
      new Set([
        ...POLLS.map(([c]) => c),
        'audit:exportStatus',
        'review:status',
        'review:list',
        'connection:current',
      ]),
    );
    for (const c of perCall) {
      // review:list names the open review it pages through.
      const base = c === 'review:list' ? { id: 'b'.repeat(32) } : {};
      expect(contract[c].input.safeParse({ ...base, background: true }).success, c).toBe(true);
      expect(contract[c].input.safeParse({ ...base, background: 'yes' }).success, c).toBe(false);
    }
  });

  it('a background call writes nothing, not even the session last-accessed time', async () => {
    expect(
      await call('quiet', 'auth:signIn', { login: OWNER.username, password: OWNER.password }),
    ).toMatchObject({ ok: true });
    app.clock.advance(5 * MINUTE);
    const before = snapshotDb(app);
    for (const [channel, payload] of POLLS) {
      const r = await call('quiet', channel, payload);
      expect(r.ok, `${channel}: ${JSON.stringify(r)}`).toBe(true);
    }
    // Strict equality: last_seen_at is part of the snapshot.
    expect(snapshotDb(app)).toBe(before);
    // The same page load as a click does count (the flag is the only difference).
    expect(await call('quiet', 'audit:list', { after: 0 })).toMatchObject({ ok: true });
    expect(snapshotDb(app)).not.toBe(before);
    await call('quiet', 'auth:signOut');
  });

  it('a window left polling is signed out after the idle timeout; a window in use stays signed in', async () => {
    // Each window's session is the one its sign-in added (both start at the same clock instant).
    const signIn = async (key: string) => {
      const before = new Set(lastSeen(OWNER.username).map((s) => s.id));
      expect(
        await call(key, 'auth:signIn', { login: OWNER.username, password: OWNER.password }),
      ).toMatchObject({ ok: true });
      return lastSeen(OWNER.username).find((s) => !before.has(s.id));
    };
    const pollerSession = await signIn('poller');
    const workerSession = await signIn('worker');
    const pollerStart = pollerSession?.last_seen_at;
    let polls = 0;
    let expiredAfter = -1;
    // Two idle timeouts' worth of time, one minute at a time. The poller only refreshes (as the
    // live audit view, the outbox page and a code-status follower do); the worker clicks too.
    for (let minute = 1; minute <= 2 * IDLE_MINUTES; minute++) {
      app.clock.advance(MINUTE);
      if (expiredAfter < 0) {
        for (const [channel, payload] of POLLS) {
          const r = await call('poller', channel, payload);
          polls++;
          if (r.ok) continue;
          expect(r, `${channel} at minute ${minute}`).toMatchObject({ code: 'session_expired' });
          expiredAfter = minute;
          break;
        }
        if (expiredAfter < 0)
          expect(lastSeen(OWNER.username).find((s) => s.id === pollerSession?.id)?.last_seen_at).toBe(
            pollerStart,
          );
      }
      expect(await call('worker', 'audit:list', { after: 0, background: true })).toMatchObject({ ok: true });
      if (minute % 10 === 0) expect(await call('worker', 'users:list', {})).toMatchObject({ ok: true });
    }
    console.log(
      `Idle timeout ${IDLE_MINUTES} min: polling window signed out at minute ${expiredAfter} after ${polls} background calls; working window still signed in after ${2 * IDLE_MINUTES} min`,
    );
    expect(expiredAfter).toBe(IDLE_MINUTES);
    // The poller's window is back to signed out: the next call is refused, auth:me knows nobody.
    expect(await call('poller', 'audit:list', { after: 0, background: true })).toMatchObject({
      ok: false,
      code: 'not_signed_in',
    });
    expect(await call('poller', 'auth:me')).toMatchObject({ ok: true, value: null });
    const ended = app.container.database.sqlite
      .prepare('SELECT end_reason FROM sessions WHERE id = ?')
      .get(pollerSession?.id) as { end_reason: string };
    expect(ended.end_reason).toBe('expired');
    const audit = app.container.database.sqlite
      .prepare("SELECT details FROM audit_events WHERE code = 'session:expired'")
      .all() as { details: string }[];
    expect(audit.map((a) => JSON.parse(a.details) as unknown)).toEqual([{ reason: 'idle' }]);
    // The worker's session is alive and its last-accessed time is its last click.
    expect(lastSeen(OWNER.username).map((s) => s.id)).toEqual([workerSession?.id]);
    expect(await call('worker', 'auth:me')).toMatchObject({ ok: true, value: { username: OWNER.username } });
  });

  it('a hostile renderer can only make itself look less active: the flag never revives a session', async () => {
    expect(
      await call('hostile', 'auth:signIn', { login: OWNER.username, password: OWNER.password }),
    ).toMatchObject({ ok: true });
    app.clock.advance(IDLE_MINUTES * MINUTE);
    // `background: false` is a click: it is checked first, so the idle session is refused.
    expect(await call('hostile', 'audit:list', { after: 0, background: false })).toMatchObject({
      ok: false,
      code: 'session_expired',
    });
  });
});
