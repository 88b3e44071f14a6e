import { describe, expect, it } from 'vitest';
import { auditCodes, windowCaller } from '../../../../tests/support/services';
import { servicesPerTest } from '../../../../tests/support/per-test';
import { OWNER } from '../../../../tests/support/people';

/** Issue 17: a session past its idle or absolute limit leaves every list after the sweep, not only on next use. */
describe('session sweep', () => {
  const app = servicesPerTest();
  const call = (key: string, channel: string, payload?: unknown) =>
    app.container.pipeline.dispatch(windowCaller(key).caller, channel, payload);
  const ids = async (key: string, channel: 'sessions:listAll' | 'sessions:listMine') => {
    const r = await call(key, channel, channel === 'sessions:listAll' ? {} : undefined);
    if (!r.ok) throw new Error(`${channel}: ${r.code}`);
    const list = channel === 'sessions:listAll' ? (r.value as { items: { id: string }[] }).items : r.value;
    return (list as { id: string }[]).map((s) => s.id).sort();
  };
  const expiredReasons = () =>
    (
      app.container.database.sqlite
        .prepare("SELECT details FROM audit_events WHERE code = 'session:expired' ORDER BY id")
        .all() as { details: string }[]
    ).map((r) => (JSON.parse(r.details) as { reason: string }).reason);

  it('an idle session disappears from sessions:listAll and listMine after the sweep, audited once', async () => {
    const { sessionSweep, sessions } = app.container.services;
    const w1 = windowCaller('w1');
    expect((await app.container.pipeline.dispatch(w1.caller, 'auth:createOwner', OWNER)).ok).toBe(true);
    app.clock.advance(20 * 60_000);
    expect((await call('w2', 'auth:signIn', { login: 'olivia', password: OWNER.password })).ok).toBe(true);
    app.clock.advance(11 * 60_000); // w1 idle 31 min (limit 30), w2 active 11 min ago
    const told: [string, string][] = [];
    sessions.onEnded((id, reason) => told.push([id, reason]));

    // Without the sweep the idle session is still listed: nothing used it since.
    expect(await ids('w2', 'sessions:listAll')).toHaveLength(2);
    const ended = await sessionSweep.runDue();
    expect(ended).toHaveLength(1);
    expect(told).toEqual([[ended[0], 'expired']]);
    const all = await ids('w2', 'sessions:listAll');
    expect(all).toHaveLength(1);
    expect(all).not.toContain(ended[0]);
    expect(await ids('w2', 'sessions:listMine')).toEqual(all);
    expect(expiredReasons()).toEqual(['idle']);

    // Idempotent: a second sweep ends nothing and writes no audit row.
    const before = auditCodes(app).length;
    expect(await sessionSweep.runDue()).toEqual([]);
    expect(auditCodes(app)).toHaveLength(before);
    // The swept window was told at once (it goes back to sign-in) and is signed out.
    expect(w1.pushed).toEqual([{ event: 'session:ended', payload: { reason: 'expired' } }]);
    expect(await call('w1', 'sessions:listMine')).toMatchObject({ ok: false, code: 'not_signed_in' });
  });

  it('a session kept busy still ends at its absolute lifetime (12 h), audited as lifetime', async () => {
    const { sessionSweep } = app.container.services;
    expect((await call('w1', 'auth:createOwner', OWNER)).ok).toBe(true);
    for (let i = 0; i < 47; i++) {
      app.clock.advance(15 * 60_000);
      expect(await sessionSweep.runDue()).toEqual([]);
      expect((await call('w1', 'sessions:listMine')).ok).toBe(true); // activity: never idle
    }
    app.clock.advance(15 * 60_000); // 12 h after sign-in
    expect(await sessionSweep.runDue()).toHaveLength(1);
    expect(expiredReasons()).toEqual(['lifetime']);
  });

  it('ends every stale session past one batch (450 sessions, 200 a transaction)', async () => {
    const { sessionSweep } = app.container.services;
    expect((await call('w1', 'auth:createOwner', OWNER)).ok).toBe(true);
    const db = app.container.database.sqlite;
    const row = db.prepare('SELECT * FROM sessions').get() as Record<string, unknown>;
    const insert = db.prepare(
      `INSERT INTO sessions (${Object.keys(row).join(', ')}) VALUES (${Object.keys(row)
        .map((k) => `@${k}`)
        .join(', ')})`,
    );
    db.transaction(() => {
      for (let i = 0; i < 449; i++) insert.run({ ...row, id: i.toString(16).padStart(32, '0') });
    })();
    app.clock.advance(30 * 60_000);
    expect(await sessionSweep.runDue()).toHaveLength(450);
    expect(db.prepare('SELECT COUNT(*) AS n FROM sessions WHERE ended_at IS NULL').get()).toEqual({ n: 0 });
    expect(expiredReasons()).toHaveLength(450);
  });

  it('start() sweeps on its timer, and stop() waits for the run in progress', async () => {
    expect((await call('w1', 'auth:createOwner', OWNER)).ok).toBe(true);
    app.clock.advance(31 * 60_000);
    const sweep = app.container.services.sessionSweep;
    let runs = 0;
    const real = sweep.runDue.bind(sweep);
    sweep.runDue = async (now) => {
      runs++;
      return real(now);
    };
    sweep.start(1, 1);
    while (runs < 2) await new Promise((r) => setTimeout(r, 5));
    await sweep.stop();
    const live = app.container.database.sqlite.prepare(
      'SELECT COUNT(*) AS n FROM sessions WHERE ended_at IS NULL',
    );
    expect(live.get()).toEqual({ n: 0 });
    const after = runs;
    await new Promise((r) => setTimeout(r, 20));
    expect(runs).toBe(after); // stopped: the timer no longer fires
    expect(expiredReasons()).toEqual(['idle']);
  });
});
