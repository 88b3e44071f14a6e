import { describe, expect, it, vi } from 'vitest';
import { FactorCheck } from '../electron/main/services/two-factor/factor-check';
import { CodeHasher } from '../electron/main/services/two-factor/code-hasher';
import {
  BURST,
  burst,
  burstOver,
  facts,
  member,
  PASSWORD,
  runs,
  signIn,
  limitsAppPerDescribe,
  win,
  withCodes,
  withTotp,
  wrongCode,
} from './support/attempt-limits';

// Issue 12, items 1 and 10: every limit holds against a burst of parallel calls through the
// real IPC pipeline. Limits are the defaults: 5 wrong tries lock the account for 15 minutes;
// a sign-in second step allows 5 codes; an emailed code survives 5 wrong tries.
describe('attempt limits under parallel bursts (sign-in)', () => {
  const { app, ownerCall, evaluated } = limitsAppPerDescribe();

  it('a burst of wrong passwords evaluates at most 5, locks, and the right password is then refused', async () => {
    const id = await member(ownerCall, 'pat');
    const codes = await burst(BURST, (i) =>
      win(app, `pat-${i}`)('auth:signIn', { login: 'pat', password: `wrong ${i}` }),
    );
    const f = facts(app, id);
    console.log(
      `password burst: ${BURST} calls, ${evaluated(id)} evaluated, ${codes.filter((c) => c === 'account_locked').length} answered locked (${runs(codes)}), failed_attempts=${f.failed_attempts}, locked_until=${f.locked_until ?? 'NULL'}, audit login_failed=${f.loginFailed} locked=${f.locked}`,
    );
    expect(evaluated(id)).toBe(5);
    expect(runs(codes)).toBe(`4× invalid_credentials, ${BURST - 4}× account_locked`);
    expect(f).toMatchObject({ failed_attempts: 5, loginFailed: BURST, locked: 1 });
    expect(f.locked_until).toBe('2026-03-02T09:15:00.000Z');
    expect(await win(app, 'pat-right')('auth:signIn', { login: 'pat', password: PASSWORD })).toMatchObject({
      code: 'account_locked',
    });
    expect(evaluated(id)).toBe(5);
  });

  it('an unknown login answers the same burst with the same sequence as a real account', async () => {
    await member(ownerCall, 'quinn');
    const known = await burst(BURST, (i) =>
      win(app, `q-${i}`)('auth:signIn', { login: 'quinn', password: `w${i}` }),
    );
    const unknown = await burst(BURST, (i) =>
      win(app, `g-${i}`)('auth:signIn', { login: 'ghost-of-quinn', password: `w${i}` }),
    );
    console.log(`known login burst:   ${runs(known)}\nunknown login burst: ${runs(unknown)}`);
    expect(unknown).toEqual(known);
    expect(runs(known)).toBe(`4× invalid_credentials, ${BURST - 4}× account_locked`);
  });

  it('a burst of wrong authenticator codes in one window: 5 evaluated, then the step ends and the account is locked', async () => {
    const id = await member(ownerCall, 'tara');
    const { fresh } = await withTotp(app, 'tara');
    const { call, status } = await signIn(app, 'tara-2', 'tara');
    expect(status).toBe('second_step');
    const current = vi.spyOn(FactorCheck.prototype, 'current');
    try {
      const right = await fresh();
      const codes = await burst(BURST, () => call('auth:verifyCode', { code: wrongCode(right) }));
      const f = facts(app, id);
      console.log(
        `authenticator burst: ${BURST} calls, ${current.mock.calls.length} evaluated (${runs(codes)}), failed_attempts=${f.failed_attempts}, locked_until=${f.locked_until ?? 'NULL'}`,
      );
      expect(current).toHaveBeenCalledTimes(5);
      expect(runs(codes)).toBe(`4× invalid_code, 1× account_locked, ${BURST - 5}× challenge_ended`);
      expect(f).toMatchObject({ failed_attempts: 5, locked: 1 });
      expect(await call('auth:verifyCode', { code: right })).toMatchObject({ code: 'challenge_ended' });
      expect(await win(app, 'tara-3')('auth:signIn', { login: 'tara', password: PASSWORD })).toMatchObject({
        code: 'account_locked',
      });
      expect(current).toHaveBeenCalledTimes(5);
    } finally {
      current.mockRestore();
    }
  });

  it('wrong backup codes from 50 windows at once share the account budget: 5 evaluated', async () => {
    const id = await member(ownerCall, 'bea');
    const { backupCodes } = await withTotp(app, 'bea');
    const windows = await Promise.all(
      Array.from({ length: BURST }, (_, i) => signIn(app, `bea-${i}`, 'bea')),
    );
    expect(windows.every((w) => w.status === 'second_step')).toBe(true);
    const backup = vi.spyOn(FactorCheck.prototype, 'backup');
    try {
      const codes = await burstOver(windows, (w) => w.call('auth:useBackupCode', { code: 'zzzz-zzzz-zz' }));
      const f = facts(app, id);
      console.log(
        `backup-code burst: ${BURST} windows, ${backup.mock.calls.length} evaluated (${runs(codes)}), failed_attempts=${f.failed_attempts}, locked_until=${f.locked_until ?? 'NULL'}`,
      );
      expect(backup).toHaveBeenCalledTimes(5);
      expect(runs(codes)).toBe(`4× invalid_code, ${BURST - 4}× account_locked`);
      // The lock holds: even a right backup code, in a window whose step is still open, is refused.
      expect(await windows[0]?.call('auth:useBackupCode', { code: backupCodes[0] })).toMatchObject({
        code: 'account_locked',
      });
      expect(backup).toHaveBeenCalledTimes(5);
    } finally {
      backup.mockRestore();
    }
  });

  it.each(['email', 'sms'] as const)(
    '%s codes: 50 sign-ins inside the cooldown send one code; 50 wrong codes evaluate 5',
    async (method) => {
      const name = `${method}-user`;
      const id = await member(ownerCall, name, { phone: '+44 7911 123456', canSendSms: true });
      await withCodes(app, name, method);
      const sentBefore = app.mail.codes.length;
      const windows = await Promise.all(
        Array.from({ length: BURST }, (_, i) => signIn(app, `${name}-${i}`, name)),
      );
      const sent = app.mail.codes.length - sentBefore;
      expect(sent).toBe(1); // the others reuse the live code (resend cooldown, issue 12 item 8)
      const right = app.mail.lastCode();
      const matches = vi.spyOn(CodeHasher.prototype, 'matches');
      try {
        const codes = await burstOver(windows, (w) => w.call('auth:verifyCode', { code: wrongCode(right) }));
        const checked = matches.mock.calls.filter(([, context]) => context === `code:${id}:sign_in`).length;
        const row = app.container.database.sqlite
          .prepare("SELECT attempts FROM one_time_codes WHERE user_id = ? AND purpose = 'sign_in'")
          .get(id) as { attempts: number };
        const f = facts(app, id);
        console.log(
          `${method} second step: ${BURST} sign-ins sent ${sent} code; ${BURST} wrong codes, ${checked} evaluated (${runs(codes)}), code attempts=${row.attempts}, failed_attempts=${f.failed_attempts}, locked_until=${f.locked_until ?? 'NULL'}`,
        );
        expect(checked).toBe(5);
        expect(row.attempts).toBe(5);
        expect(runs(codes)).toBe(`4× invalid_code, ${BURST - 4}× account_locked`);
        expect(await windows[0]?.call('auth:verifyCode', { code: right })).toMatchObject({
          code: 'account_locked',
        });
        expect(matches.mock.calls.filter(([, context]) => context === `code:${id}:sign_in`)).toHaveLength(5);
      } finally {
        matches.mockRestore();
      }
    },
  );
});
