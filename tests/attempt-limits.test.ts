import { spawn } from 'node:child_process';
import { join } from 'node:path';
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
  passwordHash,
  runs,
  signIn,
  limitsAppPerDescribe,
  startLimitsApp,
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

  it('a second process on the same database cannot pass the limit', async () => {
    const id = await member(ownerCall, 'sam');
    // A second container on the same file: its own SQLite connection and its own in-process
    // queue, as a second app or CLI process would have; only the SQL counter is shared.
    const other = await startLimitsApp({ dir: app.dir, clock: app.clock });
    try {
      const before = app.hasher.verified.length + other.hasher.verified.length;
      const codes = await burst(BURST, (i) =>
        win(i % 2 ? other : app, `sam-${i}`)('auth:signIn', { login: 'sam', password: `wrong ${i}` }),
      );
      const hash = passwordHash(app, id);
      const evaluatedBoth = [...app.hasher.verified, ...other.hasher.verified].filter(
        (h) => h === hash,
      ).length;
      const f = facts(app, id);
      console.log(
        `two processes: ${BURST} calls split across 2 connections, ${evaluatedBoth} evaluated (${[...app.hasher.verified, ...other.hasher.verified].length - before} argon2 checks in all), answers ${JSON.stringify(Object.fromEntries(['invalid_credentials', 'account_locked', 'internal'].map((c) => [c, codes.filter((x) => x === c).length])))}, failed_attempts=${f.failed_attempts}, locked_until=${f.locked_until ?? 'NULL'}`,
      );
      expect(evaluatedBoth).toBe(5);
      expect(codes.filter((c) => c === 'invalid_credentials')).toHaveLength(4);
      expect(codes.filter((c) => c === 'account_locked')).toHaveLength(BURST - 4);
      expect(f.failed_attempts).toBe(5);
      expect(f.locked_until).not.toBeNull();
      // A login that matches no account is counted in the file too: the same answers, split or not.
      const ghost = await burst(BURST, (i) =>
        win(i % 2 ? other : app, `ghost-${i}`)('auth:signIn', { login: 'ghost-of-sam', password: `w${i}` }),
      );
      const tally = (list: string[]) => [...list].sort().join(',');
      console.log(
        `two processes, unknown login: ${JSON.stringify(Object.fromEntries(['invalid_credentials', 'account_locked'].map((c) => [c, ghost.filter((x) => x === c).length])))}`,
      );
      expect(tally(ghost)).toBe(tally(codes));
      const stored = JSON.stringify(
        app.container.database.sqlite.prepare('SELECT * FROM unknown_logins').all(),
      );
      expect(stored).not.toContain('ghost');
    } finally {
      await other.close();
    }
  });

  it('a success lifts only the lock its own try set; neither a success nor a failure lifts a lock another process set', async () => {
    const id = await member(ownerCall, 'rae');
    const other = await startLimitsApp({ dir: app.dir, clock: app.clock });
    const here = win(app, 'rae-here');
    const there = win(other, 'rae-there');
    const wrong = (call: typeof here) => call('auth:signIn', { login: 'rae', password: 'wrong' });
    const right = (call: typeof here) => call('auth:signIn', { login: 'rae', password: PASSWORD });
    try {
      // 4 wrong, then the right password: that try took the last slot (and locked), then lifted it.
      for (let i = 0; i < 4; i++) expect(await wrong(here)).toMatchObject({ code: 'invalid_credentials' });
      expect(await right(here)).toMatchObject({ ok: true, value: { status: 'signed_in' } });
      expect(facts(app, id)).toMatchObject({ failed_attempts: 0, locked_until: null });

      // 3 wrong; a right password is being checked here while another process takes the last try.
      for (let i = 0; i < 3; i++) expect(await wrong(here)).toMatchObject({ code: 'invalid_credentials' });
      let slow = app.hasher.hold();
      let pending = right(here);
      await slow.started;
      expect(await wrong(there)).toMatchObject({ code: 'account_locked' });
      const lock = facts(app, id).locked_until;
      slow.release();
      expect(await pending).toMatchObject({ code: 'account_locked' });
      expect(facts(app, id)).toMatchObject({ failed_attempts: 5, locked_until: lock });

      // After the lock expires the count starts again; a slow wrong guess cannot lift a fresh lock.
      app.clock.advance(15 * 60_000 + 1);
      expect(await wrong(here)).toMatchObject({ code: 'invalid_credentials' });
      expect(facts(app, id)).toMatchObject({ failed_attempts: 1, locked_until: null });
      for (let i = 0; i < 2; i++) expect(await wrong(here)).toMatchObject({ code: 'invalid_credentials' });
      slow = app.hasher.hold();
      pending = wrong(here);
      await slow.started;
      expect(await wrong(there)).toMatchObject({ code: 'account_locked' });
      const second = facts(app, id).locked_until;
      slow.release();
      expect(await pending).toMatchObject({ code: 'invalid_credentials' });
      expect(second).not.toBeNull();
      expect(facts(app, id)).toMatchObject({ failed_attempts: 5, locked_until: second });
      console.log(`interleaved processes: lock ${String(second)} kept by a slow success and a slow failure`);
    } finally {
      await other.close();
    }
  });

  it('a forked process and this one, bursting together on one file, evaluate 5 in all', async () => {
    const id = await member(ownerCall, 'uma');
    const half = BURST / 2;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(__dirname, 'support/attempt-limits-worker.ts'),
        app.dbPath,
        'uma',
        String(half),
        app.clock.now().toISOString(),
      ],
      { cwd: join(__dirname, '..') },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const seen = (word: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (out.includes(word)) resolve();
        };
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          check();
        });
        child.on('exit', () => {
          reject(new Error(`worker ended before "${word}": ${err}`));
        });
        check();
      });
    const ready = seen('ready');
    const done = new Promise<string>((resolve) =>
      child.on('exit', () => {
        resolve(out);
      }),
    );
    await ready;
    const before = app.hasher.verified.length;
    child.stdin.write('go\n');
    await seen('firing'); // the child's calls are on their way: ours now race them
    const here = await burst(half, (i) =>
      win(app, `uma-${i}`)('auth:signIn', { login: 'uma', password: `w${i}` }),
    );
    const report = JSON.parse((await done).split('\n').find((l) => l.startsWith('{')) ?? '{}') as {
      codes: string[];
      verified: string[];
    };
    const hash = passwordHash(app, id);
    const evaluatedHere = app.hasher.verified.slice(before).filter((h) => h === hash).length;
    const evaluatedThere = report.verified.filter((h) => h === hash).length;
    const all = [...here, ...report.codes];
    const count = (c: string) => all.filter((x) => x === c).length;
    const f = facts(app, id);
    console.log(
      `forked process: ${all.length} calls (${half} here, ${report.codes.length} in the child), evaluated ${evaluatedHere} here + ${evaluatedThere} there, invalid_credentials=${count('invalid_credentials')} account_locked=${count('account_locked')} internal=${count('internal')}, failed_attempts=${f.failed_attempts}, locked_until=${f.locked_until ?? 'NULL'}`,
    );
    expect(report.codes).toHaveLength(half);
    expect(evaluatedHere + evaluatedThere).toBe(5);
    expect(count('invalid_credentials')).toBe(4);
    expect(count('account_locked')).toBe(BURST - 4);
    expect(f).toMatchObject({ failed_attempts: 5 });
    expect(f.locked_until).not.toBeNull();
  }, 60_000);
});
