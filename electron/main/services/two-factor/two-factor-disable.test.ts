import { describe, expect, it } from 'vitest';
import { storedBytes } from '../../../../tests/support/raw-db';
import { MIKE, OWNER, SUE, twoFactorPerTest, value } from './two-factor.test-support';

describe('two-factor authentication: turning it off, and nothing in plain text', () => {
  const { app, mail, audit, signIn, enableTotp } = twoFactorPerTest();

  it('disables own 2FA with the password; a wrong password changes nothing', async () => {
    const { w } = await enableTotp();
    expect(await w.call('twoFactor:disable', { password: 'nope' })).toMatchObject({
      code: 'invalid_credentials',
    });
    value(await w.call('twoFactor:disable', { password: MIKE.password }));
    expect(value(await w.call('twoFactor:status'))).toMatchObject({ method: null, backupCodesLeft: 0 });
    expect(audit().some((e) => e.code === 'user.2fa:disabled')).toBe(true);
    expect((await signIn('after', MIKE)).r).toMatchObject({ status: 'signed_in' });
  });

  it('support disables a user 2FA with a reason: emailed, sessions ended, audited; a member may not', async () => {
    const { w: mike } = await enableTotp();
    const mikeUser = app.container.database.sqlite
      .prepare("SELECT id FROM users WHERE username = 'mike'")
      .get() as { id: number };
    expect(
      await mike.call('users:disableTwoFactor', { userId: mikeUser.id, reason: 'lost phone' }),
    ).toMatchObject({
      code: 'permission_denied',
    });
    const { w: sue } = await signIn('sue', SUE);
    expect(await sue.call('users:disableTwoFactor', { userId: mikeUser.id, reason: '' })).toMatchObject({
      code: 'invalid_input',
    });
    value(
      await sue.call('users:disableTwoFactor', {
        userId: mikeUser.id,
        reason: 'Lost phone, verified by video call',
      }),
    );
    // Mike's window was told to go back to sign-in, and his session is gone.
    expect(mike.pushed).toEqual([{ event: 'session:ended', payload: { reason: 'revoked' } }]);
    expect(await mike.call('twoFactor:status')).toMatchObject({ ok: false, code: 'not_signed_in' });
    const live = app.container.database.sqlite
      .prepare('SELECT count(*) AS n FROM sessions WHERE user_id = ? AND ended_at IS NULL')
      .get(mikeUser.id);
    expect(live).toEqual({ n: 0 });
    const email = mail.emails.find((e) => e.template === 'two_factor_disabled_by_admin');
    expect(email).toMatchObject({
      to: 'mike@example.com',
      data: { operator: 'sue', reason: 'Lost phone, verified by video call' },
    });
    const row = audit().find((e) => e.code === 'user.2fa:disabled_by_admin');
    expect(row).toMatchObject({ actor_name: 'sue', subject_name: 'mike' });
    expect(JSON.parse(row?.details ?? '{}')).toMatchObject({
      reason: 'Lost phone, verified by video call',
      sessionsEnded: 1,
    });
    const users = app.container.database.sqlite
      .prepare("SELECT two_factor_method FROM users WHERE username = 'mike'")
      .get();
    expect(users).toEqual({ two_factor_method: null });
  });

  it('keeps no TOTP secret, backup code or one-time code in the database file in plain text', async () => {
    const { secret, backupCodes } = await enableTotp();
    const { w } = await signIn('o', OWNER);
    value(await w.call('twoFactor:sendCode', { method: 'email' }));
    const emailed = mail.lastCode();
    app.container.database.sqlite.pragma('wal_checkpoint(FULL)');
    const bytes = storedBytes(app.dbPath);
    const needles = [
      secret,
      secret.toLowerCase(),
      ...backupCodes,
      ...backupCodes.map((c) => c.replace(/-/g, '')),
      emailed,
    ];
    for (const n of needles) expect(bytes.includes(Buffer.from(n)), n).toBe(false);
    const sealed = app.container.database.sqlite.prepare('SELECT totp_secret FROM two_factor').get() as {
      totp_secret: string;
    };
    expect(sealed.totp_secret).toMatch(/^v1:/);
  });
});
