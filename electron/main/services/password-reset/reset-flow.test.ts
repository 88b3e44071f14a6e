import { describe, expect, it, vi } from 'vitest';
import { CodeHasher } from '../two-factor/code-hasher';
import {
  BURST,
  burst,
  member,
  passwordHash,
  runs,
  signIn,
  limitsAppPerDescribe,
  value,
  win,
  withCodes,
  withTotp,
  wrongCode,
} from '../../../../tests/support/attempt-limits';

const NEW_PASSWORD = 'a completely new passphrase 42';

// Issue 16, items 2-4: code -> second factor -> new password; the email code never replaces the
// second factor, support-sent codes take the same steps, and the code's tries hold under a burst.
describe('password recovery: code, second factor, new password', () => {
  const { app, ownerCall } = limitsAppPerDescribe();

  /** Asks for a code from `window` and returns it as the email carried it. */
  async function requestCode(call: ReturnType<typeof win>, username: string): Promise<string> {
    value(await call('passwordReset:request', { login: username }));
    const mail = app.mail.emails.filter(
      (e) => e.to === `${username}@example.com` && e.template === 'password_reset_code',
    );
    const code = (mail.at(-1)?.data as { code?: string } | undefined)?.code;
    if (!code) throw new Error(`no reset code was emailed to ${username}`);
    return code;
  }

  it('no 2FA: code, then the new password; every session ends, the change is emailed and audited', async () => {
    const id = await member(ownerCall, 'gus');
    const a = await signIn(app, 'gus-a', 'gus');
    const b = await signIn(app, 'gus-b', 'gus');
    const anon = win(app, 'gus-forgot');
    const code = await requestCode(anon, 'gus');
    expect(await anon('passwordReset:complete', { newPassword: NEW_PASSWORD })).toMatchObject({
      code: 'challenge_ended',
    });
    expect(value(await anon('passwordReset:verifyCode', { login: 'GUS', code }))).toMatchObject({
      secondFactor: null,
      username: 'gus',
    });
    expect(await anon('passwordReset:complete', { newPassword: 'short' })).toMatchObject({
      code: 'password_policy',
    });
    expect(await anon('passwordReset:complete', { newPassword: NEW_PASSWORD })).toEqual({
      ok: true,
      value: null,
    });
    const live = app.container.database.sqlite
      .prepare('SELECT count(*) n FROM sessions WHERE user_id = ? AND ended_at IS NULL')
      .get(id) as { n: number };
    expect(live.n).toBe(0);
    // Both windows were told and unbound: their next call finds no session.
    for (const w of [a, b])
      expect(await w.call('sessions:listMine')).toMatchObject({ ok: false, code: 'not_signed_in' });
    const changed = app.mail.emails.filter(
      (e) => e.to === 'gus@example.com' && e.template === 'password_changed',
    );
    expect(changed).toHaveLength(1);
    expect(JSON.stringify(changed)).not.toContain(NEW_PASSWORD);
    const audit = app.container.database.sqlite
      .prepare("SELECT details FROM audit_events WHERE code = 'user.password:changed' AND subject_id = ?")
      .all(id) as { details: string }[];
    expect(audit.map((r) => JSON.parse(r.details) as unknown)).toEqual([
      { via: 'reset_code', endedSessions: 2 },
    ]);
    // Single use: the same code cannot start a second reset.
    expect(await anon('passwordReset:verifyCode', { login: 'gus', code })).toMatchObject({
      code: 'invalid_credentials',
    });
    expect(await win(app, 'gus-new')('auth:signIn', { login: 'gus', password: NEW_PASSWORD })).toMatchObject({
      ok: true,
    });
  });

  it('authenticator app: the emailed code alone changes nothing; a wrong TOTP is refused; the right one lets the reset finish', async () => {
    const id = await member(ownerCall, 'hal');
    const { fresh } = await withTotp(app, 'hal');
    const before = passwordHash(app, id);
    const anon = win(app, 'hal-forgot');
    const code = await requestCode(anon, 'hal');
    expect(value(await anon('passwordReset:verifyCode', { login: 'hal', code }))).toMatchObject({
      secondFactor: { method: 'totp', codeAllowed: true, hasBackupCodes: true },
    });
    expect(await anon('passwordReset:complete', { newPassword: NEW_PASSWORD })).toMatchObject({
      code: 'two_factor_required',
    });
    // Another window cannot finish what this one started.
    expect(
      await win(app, 'hal-other')('passwordReset:complete', { newPassword: NEW_PASSWORD }),
    ).toMatchObject({
      code: 'challenge_ended',
    });
    const right = await fresh();
    expect(
      await anon('passwordReset:verifySecondFactor', { kind: 'code', code: wrongCode(right) }),
    ).toMatchObject({ code: 'invalid_code' });
    expect(passwordHash(app, id)).toBe(before);
    expect(await anon('passwordReset:verifySecondFactor', { kind: 'code', code: right })).toEqual({
      ok: true,
      value: null,
    });
    expect(await anon('passwordReset:complete', { newPassword: NEW_PASSWORD })).toEqual({
      ok: true,
      value: null,
    });
    expect(passwordHash(app, id)).not.toBe(before);
  });

  it('email-method 2FA: an email code cannot pass the second factor (one inbox); a backup code can', async () => {
    const id = await member(ownerCall, 'ida');
    const { call } = await signIn(app, 'ida-setup', 'ida');
    value(await call('twoFactor:sendCode', { method: 'email' }));
    const { backupCodes } = value<{ backupCodes: string[] }>(
      await call('twoFactor:confirm', { code: app.mail.lastCode() }),
    );
    const before = passwordHash(app, id);
    const anon = win(app, 'ida-forgot');
    const code = await requestCode(anon, 'ida');
    expect(value(await anon('passwordReset:verifyCode', { login: 'ida', code }))).toMatchObject({
      secondFactor: { method: 'email', codeAllowed: false },
    });
    expect(await anon('passwordReset:verifySecondFactor', { kind: 'code', code: '123456' })).toMatchObject({
      code: 'invalid_input',
    });
    expect(await anon('passwordReset:sendSms')).toMatchObject({ code: 'invalid_input' });
    expect(await anon('passwordReset:complete', { newPassword: NEW_PASSWORD })).toMatchObject({
      code: 'two_factor_required',
    });
    expect(passwordHash(app, id)).toBe(before);
    value(await anon('passwordReset:verifySecondFactor', { kind: 'backup', code: backupCodes[0] ?? '' }));
    expect(await anon('passwordReset:complete', { newPassword: NEW_PASSWORD })).toEqual({
      ok: true,
      value: null,
    });
  });

  it('SMS 2FA: the code is texted on request, never with an email fallback, and passes the second factor', async () => {
    await member(ownerCall, 'max', { canSendSms: true });
    await withCodes(app, 'max', 'sms');
    const anon = win(app, 'max-forgot');
    const code = await requestCode(anon, 'max');
    expect(value(await anon('passwordReset:verifyCode', { login: 'max', code }))).toMatchObject({
      secondFactor: { method: 'sms', codeAllowed: true },
    });
    value(await anon('passwordReset:sendSms'));
    const sms = app.mail.codes.at(-1);
    expect(sms).toMatchObject({ via: 'sms', purpose: 'reset_password', emailFallback: false });
    value(await anon('passwordReset:verifySecondFactor', { kind: 'code', code: sms?.code ?? '' }));
    expect(await anon('passwordReset:complete', { newPassword: NEW_PASSWORD })).toEqual({
      ok: true,
      value: null,
    });
  });

  it('a support-sent code takes the same steps: with 2FA on it is not enough on its own', async () => {
    const id = await member(ownerCall, 'jon');
    await withTotp(app, 'jon');
    const hash = vi.spyOn(CodeHasher.prototype, 'hash');
    value(await ownerCall('users:sendPasswordReset', { userIds: [id] }));
    const code = hash.mock.calls.find(([, context]) => context === `password_reset:${id}`)?.[0] ?? '';
    hash.mockRestore();
    const anon = win(app, 'jon-forgot');
    expect(value(await anon('passwordReset:verifyCode', { login: 'jon', code }))).toMatchObject({
      secondFactor: { method: 'totp' },
    });
    expect(await anon('passwordReset:complete', { newPassword: NEW_PASSWORD })).toMatchObject({
      code: 'two_factor_required',
    });
  });

  it(`${BURST} parallel wrong codes evaluate no more than the limit; the right code is then refused; an unknown login answers alike`, async () => {
    const id = await member(ownerCall, 'kim');
    const right = await requestCode(win(app, 'kim-ask'), 'kim');
    const matches = vi.spyOn(CodeHasher.prototype, 'matches');
    try {
      const anon = win(app, 'kim-forgot');
      const codes = await burst(BURST, () =>
        anon('passwordReset:verifyCode', { login: 'kim', code: wrongCode(right) }),
      );
      const ghost = await burst(BURST, () =>
        anon('passwordReset:verifyCode', { login: 'ghost-kim', code: wrongCode(right) }),
      );
      // Calls after the limit compare against a dummy hash (equal work), never the stored one.
      const evaluated = matches.mock.calls.filter(
        ([, c, stored]) => c === `password_reset:${id}` && stored !== '0'.repeat(64),
      ).length;
      const row = app.container.database.sqlite
        .prepare('SELECT attempts FROM password_resets WHERE user_id = ? ORDER BY id DESC')
        .get(id) as { attempts: number };
      console.log(
        `reset code burst: ${BURST} calls, ${evaluated} compared against the real hash, attempts=${row.attempts} (${runs(codes)}); unknown login: ${runs(ghost)}`,
      );
      expect(evaluated).toBe(5);
      expect(row.attempts).toBe(5);
      expect(codes).toEqual(Array(BURST).fill('invalid_credentials'));
      expect(ghost).toEqual(codes);
      expect(await anon('passwordReset:verifyCode', { login: 'kim', code: right })).toMatchObject({
        code: 'invalid_credentials',
      });
    } finally {
      matches.mockRestore();
    }
  });

  it(`${BURST} parallel wrong second-factor codes get no more than the limit of tries`, async () => {
    const id = await member(ownerCall, 'lou');
    const { fresh } = await withTotp(app, 'lou');
    const anon = win(app, 'lou-forgot');
    const code = await requestCode(anon, 'lou');
    value(await anon('passwordReset:verifyCode', { login: 'lou', code }));
    const right = await fresh();
    const answers = await burst(BURST, () =>
      anon('passwordReset:verifySecondFactor', { kind: 'code', code: wrongCode(right) }),
    );
    const failed = app.container.database.sqlite
      .prepare("SELECT count(*) n FROM audit_events WHERE code = 'user:login_failed' AND subject_id = ?")
      .get(id) as { n: number };
    console.log(`second-factor burst: ${runs(answers)}; wrong tries audited ${failed.n}`);
    expect(runs(answers)).toBe(`4× invalid_code, 1× account_locked, ${BURST - 5}× challenge_ended`);
    expect(failed.n).toBe(5);
    expect(await anon('passwordReset:verifySecondFactor', { kind: 'code', code: right })).toMatchObject({
      ok: false,
    });
    expect(await anon('passwordReset:complete', { newPassword: NEW_PASSWORD })).toMatchObject({ ok: false });
  });
});
