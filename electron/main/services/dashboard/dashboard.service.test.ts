import { describe, expect, it } from 'vitest';
import type { DashboardStats } from '../../../../shared/domain/dashboard';
import { windowCaller } from '../../../../tests/support/services';
import { seededServicesPerTest } from '../../../../tests/support/per-test';
import { signInWindow } from '../../../../tests/support/admin-fixtures';

describe('dashboard figures', () => {
  const { app } = seededServicesPerTest([
    { username: 'sue', role: 'support' },
    { username: 'tina', twoFactorMethod: 'totp' },
    { username: 'ed', twoFactorMethod: 'email' },
    { username: 'lucy', lockedUntil: '2026-03-02T10:00:00Z' },
    { username: 'soon', blockingDate: '2026-03-05T00:00:00Z' },
    { username: 'later', blockingDate: '2026-04-05T00:00:00Z' },
  ]);

  it('counts 2FA adoption, sessions, lockouts, blocking soon and sign-ins per hour and day', async () => {
    // Yesterday: one failed sign-in. Now: two sign-ins.
    app.clock.set('2026-03-01T15:20:00Z');
    const stranger = windowCaller('x').caller;
    await app.container.pipeline.dispatch(stranger, 'auth:signIn', {
      login: 'tina',
      password: 'wrong password!',
    });
    app.clock.set('2026-03-02T09:00:00Z');
    await signInWindow(app, 'w1', 'ed');
    const sue = await signInWindow(app, 'w2', 'sue');
    const r = await sue.call('dashboard:stats');
    if (!r.ok) throw new Error(r.message);
    const s = r.value as DashboardStats;
    expect(s).toMatchObject({
      users: 6,
      twoFactor: { on: 2, totp: 1, email: 1, sms: 0 },
      activeSessions: 2,
      lockedAccounts: 1,
      blockingSoon: 1,
      tokensExpiringSoon: 0,
    });
    expect(s.last24h).toHaveLength(24);
    expect(s.last24h.at(-1)).toEqual({ start: '2026-03-02T09:00:00.000Z', signIns: 2, failures: 0 });
    expect(s.last24h.find((b) => b.start === '2026-03-01T15:00:00.000Z')).toMatchObject({ failures: 1 });
    expect(s.last7d.map((b) => [b.start.slice(0, 10), b.signIns, b.failures]).slice(-2)).toEqual([
      ['2026-03-01', 0, 1],
      ['2026-03-02', 2, 0],
    ]);
  });
});
