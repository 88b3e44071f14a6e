import { describe, expect, it, vi } from 'vitest';
import { FactorCheck } from '../electron/main/services/two-factor/factor-check';
import { CodeHasher } from '../electron/main/services/two-factor/code-hasher';
import { EMAIL_CHANGES_PER_HOUR } from '../electron/main/services/account/email-change';
import {
  BURST,
  burst,
  facts,
  member,
  PASSWORD,
  runs,
  signIn,
  limitsAppPerDescribe,
  value,
  win,
  withCodes,
  withTotp,
  wrongCode,
} from './support/attempt-limits';

const NEW_PASSWORD = 'a completely new passphrase 42';

// Issue 12, items 1, 7, 8 and 10: the own-page step-ups count toward the account lockout, and the
// reset and email-change codes have limits of their own; each is attacked with a parallel burst.
describe('attempt limits under parallel bursts (step-ups and codes)', () => {
  const { app, ownerCall, evaluated } = limitsAppPerDescribe();

  const steps = (userId: number) =>
    (
      app.container.database.sqlite
        .prepare("SELECT details FROM audit_events WHERE code = 'user:login_failed' AND subject_id = ?")
        .all(userId) as { details: string }[]
    ).map((r) => (JSON.parse(r.details) as { step: string }).step);
  /** Spies on keyed code checks; counts those made for `context`. */
  const codeChecks = () => {
    const spy = vi.spyOn(CodeHasher.prototype, 'matches');
    return { spy, count: (context: string) => spy.mock.calls.filter(([, c]) => c === context).length };
  };

  it.each([
    ['change password', 'change_password'],
    ['disable 2FA with the password', 'disable_2fa'],
  ] as const)('step-up "%s": 50 wrong passwords evaluate 5 and lock the account', async (label, step) => {
    const name = step.replace(/_/g, '-');
    const id = await member(ownerCall, name);
    const call =
      step === 'disable_2fa' ? (await withTotp(app, name)).call : (await signIn(app, `${name}-w`, name)).call;
    const attempt = (password: string) =>
      step === 'disable_2fa'
        ? call('twoFactor:disable', { password })
        : call('account:changePassword', { currentPassword: password, newPassword: NEW_PASSWORD });
    const signedIn = evaluated(id); // the sign-in that opened the session
    const codes = await burst(BURST, (i) => attempt(`wrong password ${i}`));
    const f = facts(app, id);
    console.log(
      `step-up ${label}: ${BURST} calls, ${evaluated(id) - signedIn} evaluated (${runs(codes)}), failed_attempts=${f.failed_attempts}, locked_until=${f.locked_until ?? 'NULL'}, audit login_failed=${f.loginFailed} locked=${f.locked}`,
    );
    expect(evaluated(id) - signedIn).toBe(5);
    expect(runs(codes)).toBe(`4× invalid_credentials, ${BURST - 4}× account_locked`);
    expect(f).toMatchObject({ failed_attempts: 5, loginFailed: BURST, locked: 1 });
    expect(new Set(steps(id))).toEqual(new Set([step]));
    // The lock holds for the step-up and for signing in, even with the right password.
    expect(await attempt(PASSWORD)).toMatchObject({ code: 'account_locked' });
    expect(await win(app, `${name}-again`)('auth:signIn', { login: name, password: PASSWORD })).toMatchObject(
      {
        code: 'account_locked',
      },
    );
    expect(evaluated(id) - signedIn).toBe(5);
  });

  it('step-up codes: disable 2FA (authenticator) and new backup codes (emailed) evaluate 5 of 50', async () => {
    const totpId = await member(ownerCall, 'dora');
    const totp = await withTotp(app, 'dora');
    const current = vi.spyOn(FactorCheck.prototype, 'current');
    try {
      const right = await totp.fresh();
      const codes = await burst(BURST, () => totp.call('twoFactor:disable', { code: wrongCode(right) }));
      console.log(
        `step-up disable 2FA by code: ${BURST} calls, ${current.mock.calls.length} evaluated (${runs(codes)})`,
      );
      expect(current).toHaveBeenCalledTimes(5);
      expect(runs(codes)).toBe(`4× invalid_code, ${BURST - 4}× account_locked`);
      expect(await totp.call('twoFactor:disable', { code: right })).toMatchObject({ code: 'account_locked' });
      expect(value(await totp.call('twoFactor:status'))).toMatchObject({ method: 'totp' });
      expect(facts(app, totpId)).toMatchObject({ failed_attempts: 5, locked: 1 });
    } finally {
      current.mockRestore();
    }

    const emailId = await member(ownerCall, 'ezra');
    const { call } = await withCodes(app, 'ezra', 'email');
    value(await call('twoFactor:sendConfirmationCode', { purpose: 'regenerate_backup_codes' }));
    const right = app.mail.lastCode();
    const checks = codeChecks();
    try {
      const codes = await burst(BURST, () =>
        call('twoFactor:regenerateBackupCodes', { code: wrongCode(right) }),
      );
      const n = checks.count(`code:${emailId}:regenerate_backup_codes`);
      console.log(
        `step-up new backup codes by emailed code: ${BURST} calls, ${n} evaluated (${runs(codes)})`,
      );
      expect(n).toBe(5);
      expect(runs(codes)).toBe(`4× invalid_code, ${BURST - 4}× account_locked`);
      expect(await call('twoFactor:regenerateBackupCodes', { code: right })).toMatchObject({
        code: 'account_locked',
      });
      expect(checks.count(`code:${emailId}:regenerate_backup_codes`)).toBe(5);
    } finally {
      checks.spy.mockRestore();
    }
  });

  it('step-ups and sign-in share one budget: 4 wrong step-ups, then one wrong sign-in locks', async () => {
    await member(ownerCall, 'fay');
    const { call } = await signIn(app, 'fay-w', 'fay');
    for (let i = 0; i < 4; i++)
      expect(
        await call('account:changePassword', { currentPassword: `nope ${i}`, newPassword: NEW_PASSWORD }),
      ).toMatchObject({ code: 'invalid_credentials' });
    expect(await win(app, 'fay-2')('auth:signIn', { login: 'fay', password: 'nope' })).toMatchObject({
      code: 'account_locked',
    });
  });

  it('password reset code: 50 wrong codes evaluate 5, then the right code is refused; unknown logins answer alike', async () => {
    const id = await member(ownerCall, 'gil');
    const hash = vi.spyOn(CodeHasher.prototype, 'hash');
    value(await ownerCall('users:sendPasswordReset', { userIds: [id] }));
    const issued = hash.mock.calls.find(([, context]) => context === `password_reset:${id}`);
    hash.mockRestore();
    const right = issued?.[0] ?? '';
    expect(right).toMatch(/^\d{6}$/);
    const anon = win(app, 'gil-anon');
    const checks = codeChecks();
    try {
      const codes = await burst(BURST, () =>
        anon('passwordReset:verifyCode', { login: 'gil', code: wrongCode(right) }),
      );
      const ghost = await burst(BURST, () =>
        anon('passwordReset:verifyCode', { login: 'ghost', code: wrongCode(right) }),
      );
      const row = app.container.database.sqlite
        .prepare('SELECT attempts, used_at FROM password_resets WHERE user_id = ?')
        .get(id) as { attempts: number; used_at: string | null };
      const n = checks.count(`password_reset:${id}`);
      console.log(
        `password reset code: ${BURST} calls, ${n} evaluated (${runs(codes)}), reset attempts=${row.attempts}; unknown login: ${runs(ghost)}`,
      );
      expect(n).toBe(5);
      expect(row.attempts).toBe(5);
      expect(codes).toEqual(Array(BURST).fill('invalid_credentials'));
      expect(ghost).toEqual(codes);
      expect(await anon('passwordReset:verifyCode', { login: 'gil', code: right })).toMatchObject({
        code: 'invalid_credentials',
      });
      expect(await anon('passwordReset:complete', { newPassword: NEW_PASSWORD })).toMatchObject({
        code: 'challenge_ended',
      });
      expect(checks.count(`password_reset:${id}`)).toBe(5);
      expect((await signIn(app, 'gil-w', 'gil')).status).toBe('signed_in'); // the old password still works
    } finally {
      checks.spy.mockRestore();
    }
  });

  it('email-change code: stored as a keyed hash; 50 wrong codes evaluate 5 and drop the change', async () => {
    const id = await member(ownerCall, 'hana');
    const { call } = await signIn(app, 'hana-w', 'hana');
    const hash = vi.spyOn(CodeHasher.prototype, 'hash');
    value(await call('account:requestEmailChange', { email: 'hana.new@example.com' }));
    const i = hash.mock.calls.findIndex(([, context]) => context === `email_change:${id}`);
    const right = hash.mock.calls[i]?.[0] ?? '';
    const keyed = hash.mock.results[i]?.value as string;
    hash.mockRestore();
    const stored = app.container.database.sqlite
      .prepare('SELECT code_hash FROM email_changes WHERE user_id = ?')
      .get(id) as { code_hash: string };
    expect(stored.code_hash).toBe(keyed);
    expect(app.mail.emails.at(-1)).toMatchObject({ template: 'email_change_code', data: { code: right } });
    const checks = codeChecks();
    try {
      const codes = await burst(BURST, () => call('account:confirmEmailChange', { code: wrongCode(right) }));
      const n = checks.count(`email_change:${id}`);
      console.log(
        `email-change code: ${BURST} calls, ${n} evaluated, invalid_code=${codes.filter((c) => c === 'invalid_code').length} not_found=${codes.filter((c) => c === 'not_found').length}`,
      );
      expect(n).toBe(5);
      // Five wrong codes (the fifth drops the change), then nothing is waiting any more.
      expect(codes.filter((c) => c === 'invalid_code')).toHaveLength(5);
      expect(codes.filter((c) => c === 'not_found')).toHaveLength(BURST - 5);
      expect(await call('account:confirmEmailChange', { code: right })).toMatchObject({ code: 'not_found' });
      expect(value(await call('account:overview'))).toMatchObject({
        email: 'hana@example.com',
        pendingEmail: null,
      });
    } finally {
      checks.spy.mockRestore();
    }
  });

  it(`email-change requests: ${EMAIL_CHANGES_PER_HOUR} an hour per user, whatever the burst`, async () => {
    await member(ownerCall, 'ivy');
    const { call } = await signIn(app, 'ivy-w', 'ivy');
    const before = app.mail.emails.length;
    const codes = await burst(BURST, (i) =>
      call('account:requestEmailChange', { email: `ivy.${i}@example.com` }),
    );
    const sent = app.mail.emails.length - before;
    console.log(
      `email-change requests: ${BURST} calls, ${codes.filter((c) => c === 'ok').length} accepted, ${codes.filter((c) => c === 'retry_later').length} retry_later, ${sent} codes mailed`,
    );
    expect(codes.filter((c) => c === 'ok')).toHaveLength(EMAIL_CHANGES_PER_HOUR);
    expect(codes.filter((c) => c === 'retry_later')).toHaveLength(BURST - EMAIL_CHANGES_PER_HOUR);
    expect(sent).toBe(EMAIL_CHANGES_PER_HOUR);
    // Cancelling does not give requests back; the next hour does.
    value(await call('account:cancelEmailChange'));
    expect(await call('account:requestEmailChange', { email: 'ivy.x@example.com' })).toMatchObject({
      code: 'retry_later',
      details: { minutes: 60 },
    });
    app.clock.advance(60 * 60_000);
    const later = (await signIn(app, 'ivy-later', 'ivy')).call; // the idle session ended meanwhile
    value(await later('account:requestEmailChange', { email: 'ivy.y@example.com' }));
  });
});
