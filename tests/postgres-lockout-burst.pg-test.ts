import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { FactorCheck } from '../electron/main/services/two-factor/factor-check';
import { CodeHasher } from '../electron/main/services/two-factor/code-hasher';
import { recordMessages } from '../electron/main/services/two-factor/two-factor.test-support';
import { totpCode } from '../electron/main/security/totp';
import { BURST, burst, member, owner, PASSWORD, runs, value, win, wrongCode } from './support/attempt-limits';
import { twoContainersOnOnePg, type PgApp, type PgPair } from './support/two-containers';

// Issue 14, item 4: the attempt limits live in the shared PostgreSQL database, so two processes
// bursting at once get no more tries than one. Defaults: 5 wrong tries lock for 15 minutes.
let pair: PgPair;
let ownerCall: ReturnType<typeof win>;
beforeAll(async () => {
  pair = await twoContainersOnOnePg();
  ownerCall = await owner(pair.a);
});
afterAll(async () => {
  await pair.close();
});

/** Call `i` goes to container A or B, alternately. */
const side = (i: number): PgApp => (i % 2 ? pair.b : pair.a);

async function facts(userId: number) {
  const { db } = pair.a.container.database;
  const row = await db
    .selectFrom('users')
    .select(['failed_attempts', 'locked_until'])
    .where('id', '=', userId)
    .executeTakeFirstOrThrow();
  const count = async (code: string) =>
    Number(
      (
        await db
          .selectFrom('audit_events')
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .where('code', '=', code)
          .where('subject_id', '=', userId)
          .executeTakeFirstOrThrow()
      ).n,
    );
  return { ...row, loginFailed: await count('user:login_failed'), locked: await count('user:locked') };
}

/** argon2 checks against the user's real password hash, in both containers. */
async function evaluated(userId: number): Promise<number> {
  const { hash } = await pair.a.container.database.db
    .selectFrom('credentials')
    .select('hash')
    .where('user_id', '=', userId)
    .where('kind', '=', 'password')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  return [...pair.a.hasher.verified, ...pair.b.hasher.verified].filter((h) => h === hash).length;
}

describe('lockout bursts from two service containers on one PostgreSQL database', () => {
  it(`${BURST} wrong passwords split across both at once: exactly 5 evaluated, the lock at the 5th, the right password refused`, async () => {
    const id = await member(ownerCall, 'sam');
    const codes = await burst(BURST, (i) =>
      win(side(i), `sam-${i}`)('auth:signIn', { login: 'sam', password: `wrong ${i}` }),
    );
    const f = await facts(id);
    const checked = await evaluated(id);
    console.log(
      `two containers, password burst: ${BURST} calls (A ${BURST / 2}, B ${BURST / 2}), ${checked} evaluated, answers ${runs([...codes].sort())}, failed_attempts=${f.failed_attempts}, locked_until=${f.locked_until ?? 'NULL'}, audit login_failed=${f.loginFailed} locked=${f.locked}`,
    );
    expect(checked).toBe(5);
    expect(codes.filter((c) => c === 'invalid_credentials')).toHaveLength(4);
    expect(codes.filter((c) => c === 'account_locked')).toHaveLength(BURST - 4);
    expect(f).toMatchObject({ failed_attempts: 5, loginFailed: BURST, locked: 1 });
    expect(f.locked_until).toBe('2026-03-02T09:15:00.000Z');
    for (const app of [pair.a, pair.b])
      expect(await win(app, 'sam-right')('auth:signIn', { login: 'sam', password: PASSWORD })).toMatchObject({
        code: 'account_locked',
      });
    expect(await evaluated(id)).toBe(5);
  });

  it('an unknown login burst across both containers answers as a real account does', async () => {
    await member(ownerCall, 'quinn');
    const known = await burst(BURST, (i) =>
      win(side(i), `q-${i}`)('auth:signIn', { login: 'quinn', password: `w${i}` }),
    );
    const unknown = await burst(BURST, (i) =>
      win(side(i), `g-${i}`)('auth:signIn', { login: 'ghost-of-quinn', password: `w${i}` }),
    );
    const tally = (list: string[]) => runs([...list].sort());
    console.log(`two containers: known login ${tally(known)}; unknown login ${tally(unknown)}`);
    expect(tally(unknown)).toBe(tally(known));
    expect(tally(known)).toBe(`${BURST - 4}× account_locked, 4× invalid_credentials`);
  });

  it(`wrong backup codes from ${BURST} second-step windows in both containers share one budget: 5 evaluated`, async () => {
    await member(ownerCall, 'bea');
    const setup = win(pair.a, 'bea-setup');
    value(await setup('auth:signIn', { login: 'bea', password: PASSWORD }));
    const key = value<{ key: string }>(await setup('twoFactor:startTotp')).key.replace(/ /g, '');
    value(await setup('twoFactor:confirm', { code: await totpCode(key, pair.a.clock.now().getTime()) }));
    const windows = await Promise.all(
      Array.from({ length: BURST }, async (_, i) => {
        const call = win(side(i), `bea-${i}`);
        const r = value<{ status: string }>(await call('auth:signIn', { login: 'bea', password: PASSWORD }));
        return { call, status: r.status };
      }),
    );
    expect(windows.every((w) => w.status === 'second_step')).toBe(true);
    const backup = vi.spyOn(FactorCheck.prototype, 'backup');
    try {
      const codes = await Promise.all(
        windows.map((w) => w.call('auth:useBackupCode', { code: 'zzzz-zzzz-zz' })),
      ).then((rs) => rs.map((r) => (r.ok ? 'ok' : r.code)));
      const id = (await pair.a.container.services.userRows.findByLogin('bea'))?.id ?? 0;
      const f = await facts(id);
      console.log(
        `two containers, backup-code burst: ${BURST} windows, ${backup.mock.calls.length} evaluated (${runs([...codes].sort())}), failed_attempts=${f.failed_attempts}, locked_until=${f.locked_until ?? 'NULL'}`,
      );
      expect(backup).toHaveBeenCalledTimes(5);
      expect(codes.filter((c) => c === 'invalid_code')).toHaveLength(4);
      expect(codes.filter((c) => c === 'account_locked')).toHaveLength(BURST - 4);
      expect(f.failed_attempts).toBe(5);
    } finally {
      backup.mockRestore();
    }
  });

  it(`emailed sign-in codes: ${BURST} sign-ins across both containers send one code; ${BURST} wrong codes evaluate 5`, async () => {
    // One recorder behind both containers' messengers: every code either process sends.
    const mail = recordMessages(pair.a);
    pair.b.container.services.messenger = pair.a.container.services.messenger;
    const id = await member(ownerCall, 'eva');
    const setup = win(pair.a, 'eva-setup');
    value(await setup('auth:signIn', { login: 'eva', password: PASSWORD }));
    value(await setup('twoFactor:sendCode', { method: 'email' }));
    value(await setup('twoFactor:confirm', { code: mail.lastCode() }));
    const before = mail.codes.length;
    // A sign-in racing the one that is issuing the code (in either process) waits for the user's
    // row lock, then finds that code and reuses it: never a second code, never told to wait.
    const signIns = await Promise.all(
      Array.from({ length: BURST }, async (_, i) => {
        const call = win(side(i), `eva-${i}`);
        const r = await call('auth:signIn', { login: 'eva', password: PASSWORD });
        return { call, answer: r.ok ? 'second_step' : r.code };
      }),
    );
    const waits = signIns.filter((w) => w.answer === 'retry_later').length;
    const windows = signIns.filter((w) => w.answer === 'second_step').map((w) => w.call);
    expect(windows).toHaveLength(BURST);
    const sent = mail.codes.length - before;
    const right = mail.lastCode();
    const matches = vi.spyOn(CodeHasher.prototype, 'matches');
    try {
      const codes = await Promise.all(
        windows.map((call) => call('auth:verifyCode', { code: wrongCode(right) })),
      ).then((rs) => rs.map((r) => (r.ok ? 'ok' : r.code)));
      const checked = matches.mock.calls.filter(([, context]) => context === `code:${id}:sign_in`).length;
      const row = await pair.a.container.database.db
        .selectFrom('one_time_codes')
        .select('attempts')
        .where('user_id', '=', id)
        .where('purpose', '=', 'sign_in')
        .orderBy('id', 'desc')
        .executeTakeFirstOrThrow();
      console.log(
        `two containers, emailed code: ${BURST} sign-ins sent ${sent} code(s) (${waits} told to wait); ${windows.length} wrong codes, ${checked} evaluated (${runs([...codes].sort())}), code attempts=${row.attempts}`,
      );
      expect(sent).toBe(1);
      expect(waits).toBe(0);
      expect(checked).toBe(5);
      expect(row.attempts).toBe(5);
      expect(codes.filter((c) => c === 'invalid_code')).toHaveLength(4);
      expect(codes.filter((c) => c === 'account_locked')).toHaveLength(windows.length - 4);
    } finally {
      matches.mockRestore();
    }
  });
});
