import { describe, expect, it } from 'vitest';
import { totpCode } from '../../security/totp';
import { ipcWindow, MIKE, twoFactorPerTest, value } from './two-factor.test-support';

describe('two-factor authentication: the authenticator app and backup codes', () => {
  const { app, mail, now, audit, signIn, enableTotp } = twoFactorPerTest();

  it('enables the authenticator app, then sign-in needs the code; a used code is refused', async () => {
    const { w, secret, backupCodes } = await enableTotp();
    expect(backupCodes).toHaveLength(10);
    expect(new Set(backupCodes).size).toBe(10);
    expect(value(await w.call('twoFactor:status'))).toMatchObject({ method: 'totp', backupCodesLeft: 10 });
    expect(mail.emails.map((e) => e.template)).toContain('two_factor_enabled');

    app.clock.advance(30_000);
    const { w: w2, r } = await signIn('mike-2', MIKE);
    expect(r).toMatchObject({ status: 'second_step', method: 'totp' });
    // No session until the second step: own-page channels still say "sign in".
    expect(await w2.call('twoFactor:status')).toMatchObject({ ok: false, code: 'not_signed_in' });
    expect(await w2.call('auth:verifyCode', { code: '123456' })).toMatchObject({
      ok: false,
      code: 'invalid_code',
      details: { reason: 'wrong_code', attemptsLeft: 4 },
    });
    const code = await totpCode(secret, now());
    expect(value(await w2.call('auth:verifyCode', { code }))).toMatchObject({ user: { username: 'mike' } });
    expect(value(await w2.call('twoFactor:status'))).toMatchObject({ method: 'totp' });

    // The same code in another window, still inside its 30 s step: a replay.
    const { w: w3 } = await signIn('mike-3', MIKE);
    expect(await w3.call('auth:verifyCode', { code })).toMatchObject({
      ok: false,
      code: 'invalid_code',
      details: { reason: 'replay' },
    });
    // The challenge is bound to the window that gave the password.
    expect(await ipcWindow(app, 'elsewhere').call('auth:verifyCode', { code })).toMatchObject({
      ok: false,
      code: 'challenge_ended',
    });
    const reasons = audit()
      .filter((e) => e.code === 'user:login_failed')
      .map((e) => (JSON.parse(e.details) as { reason: string }).reason);
    expect(reasons).toEqual(['wrong_code', 'replay']);
  });

  it('a backup code works once, and the count goes down', async () => {
    const { backupCodes } = await enableTotp();
    const { w } = await signIn('b1', MIKE);
    const used = backupCodes[3] ?? '';
    expect(value(await w.call('auth:useBackupCode', { code: used.toUpperCase() }))).toMatchObject({
      user: { username: 'mike' },
    });
    expect(value(await w.call('twoFactor:status'))).toMatchObject({ backupCodesLeft: 9 });
    const { w: again } = await signIn('b2', MIKE);
    // A reused code is told apart from a wrong one, and still costs a try.
    expect(await again.call('auth:useBackupCode', { code: used })).toMatchObject({
      ok: false,
      code: 'invalid_code',
      message: expect.stringContaining('already used') as unknown,
      details: { reason: 'backup_used', attemptsLeft: 4 },
    });
    expect(await again.call('auth:useBackupCode', { code: 'zzzz-zzzz' })).toMatchObject({
      code: 'invalid_code',
      details: { reason: 'wrong_code', attemptsLeft: 3 },
    });
    expect(audit().some((e) => e.code === 'user.2fa:backup_code_used')).toBe(true);
  });

  it('ends the challenge after maxCodeAttempts wrong codes and counts them toward the lockout', async () => {
    await enableTotp();
    const { w } = await signIn('k', MIKE);
    for (let i = 0; i < 4; i++)
      expect(await w.call('auth:verifyCode', { code: '111111' })).toMatchObject({ code: 'invalid_code' });
    expect(await w.call('auth:verifyCode', { code: '111111' })).toMatchObject({ code: 'account_locked' });
    expect(await w.call('auth:verifyCode', { code: '111111' })).toMatchObject({ code: 'challenge_ended' });
    expect(audit().filter((e) => e.code === 'user:locked')).toHaveLength(1);
  });

  it('regenerating backup codes needs a current code, voids the old set and emails the user', async () => {
    const { w, secret, backupCodes } = await enableTotp();
    app.clock.advance(30_000);
    expect(await w.call('twoFactor:regenerateBackupCodes', { code: '000000' })).toMatchObject({
      code: 'invalid_code',
    });
    const fresh = value<{ backupCodes: string[] }>(
      await w.call('twoFactor:regenerateBackupCodes', { code: await totpCode(secret, now()) }),
    ).backupCodes;
    expect(fresh.some((c) => backupCodes.includes(c))).toBe(false);
    expect(mail.emails.map((e) => e.template)).toContain('backup_codes_regenerated');
    const { w: s } = await signIn('old', MIKE);
    // A code of the replaced set is simply wrong (the old set is gone, not 'used').
    expect(await s.call('auth:useBackupCode', { code: backupCodes[0] })).toMatchObject({
      code: 'invalid_code',
      details: { reason: 'wrong_code' },
    });
    expect(value(await s.call('auth:useBackupCode', { code: fresh[0] }))).toMatchObject({
      user: { username: 'mike' },
    });
  });
});
