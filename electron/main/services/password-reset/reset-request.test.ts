import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result } from '../../../../shared/result';
import { removeDir } from '../../../../tests/support/services';
import {
  BURST,
  member,
  owner,
  runs,
  startLimitsApp,
  value,
  win,
  type LimitsApp,
} from '../../../../tests/support/attempt-limits';
import { REQUEST_COOLDOWN_SECONDS } from './reset-request.service';

// Issue 16, item 1 and 4: the request never tells who exists, is blocked or lacks the right,
// by its answer, its burst behaviour or the mail it causes.
describe('password recovery: the request', () => {
  let app: LimitsApp;
  let ownerCall: Awaited<ReturnType<typeof owner>>;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    app = await startLimitsApp();
    ownerCall = await owner(app);
    for (const name of ['ann', 'bob', 'dan', 'eve']) ids[name] = await member(ownerCall, name);
    ids.cal = value<{ id: number }>(
      await ownerCall('users:create', {
        username: 'cal',
        displayName: 'cal',
        email: 'cal@example.com',
        role: 'member',
        password: 'a long member password',
        mustChangePassword: false,
        canChangePassword: false,
      }),
    ).id;
    value(await ownerCall('users:block', { userIds: [ids.bob] }));
  });
  afterAll(async () => {
    await app.close();
    removeDir(app.dir);
  });

  const mailTo = (name: string) => app.mail.emails.filter((e) => e.to === `${name}@example.com`);
  const requested = () =>
    app.container.database.sqlite
      .prepare(
        "SELECT subject_name, details, ip, device_type, browser FROM audit_events WHERE code = 'user.password:reset_requested' ORDER BY id",
      )
      .all() as {
      subject_name: string | null;
      details: string;
      ip: string;
      device_type: string;
      browser: string;
    }[];

  it('unknown login, blocked account and account without the right get the same bytes as a real one; only the real one gets a code', async () => {
    const answers: Record<string, string> = {};
    for (const login of ['ann', 'nobody-here', 'bob', 'cal'])
      answers[login] = JSON.stringify(await win(app, `req-${login}`)('passwordReset:request', { login }));
    console.log(`request answers: ${JSON.stringify(answers)}`);
    expect(new Set(Object.values(answers)).size).toBe(1);
    expect(answers.ann).toBe('{"ok":true,"value":{"status":"requested","codeMinutes":10}}');
    expect(mailTo('ann').map((e) => e.template)).toEqual(['password_reset_code']);
    expect(mailTo('ann')[0]?.data).toMatchObject({ code: expect.stringMatching(/^\d{6}$/) as unknown });
    expect(mailTo('bob')).toEqual([]); // blocked: nothing
    // Without the right: told to ask an administrator, never a code.
    expect(mailTo('cal').map((e) => e.template)).toEqual(['password_reset_not_allowed']);
    expect(JSON.stringify(mailTo('cal'))).not.toMatch(/\d{6}/);
    expect(app.mail.codes).toEqual([]);
    const rows = requested();
    expect(rows.map((r) => [r.subject_name, (JSON.parse(r.details) as { outcome: string }).outcome])).toEqual(
      [
        ['ann', 'sent'],
        [null, 'unknown_login'],
        ['bob', 'blocked'],
        ['cal', 'not_allowed'],
      ],
    );
    // Recorded with the caller's IP and device (location comes from the same client info).
    expect(rows[0]).toMatchObject({
      ip: '81.2.69.142',
      browser: expect.stringContaining('Chrome') as unknown,
    });
  });

  it('"user.password:reset_requested" is in the audit log, its code filter and its password group', async () => {
    const byCode = value<{ items: { code: string; message: string }[] }>(
      await ownerCall('audit:list', { filter: { code: 'user.password:reset_requested' }, pageSize: 50 }),
    );
    expect(byCode.items.length).toBeGreaterThanOrEqual(4);
    expect(byCode.items.every((e) => e.code === 'user.password:reset_requested')).toBe(true);
    expect(byCode.items.at(-1)?.message).toBe('Requested a password reset');
    const group = value<{ items: { code: string }[] }>(
      await ownerCall('audit:list', { filter: { group: 'password' }, pageSize: 50 }),
    );
    expect(group.items.map((e) => e.code)).toContain('user.password:reset_requested');
  });

  it(`a burst of ${BURST} requests for a real login answers exactly like one for an unknown login; one code goes out`, async () => {
    const before = mailTo('dan').length;
    const fire = (key: string, login: string) =>
      Promise.all(Array.from({ length: BURST }, () => win(app, key)('passwordReset:request', { login })));
    const sort = (rs: Result<unknown>[]) => rs.map((r) => JSON.stringify(r)).sort();
    const real = await fire('burst-real', 'dan');
    const ghost = await fire('burst-ghost', 'ghost-of-dan');
    const codes = (rs: Result<unknown>[]) => runs(rs.map((r) => (r.ok ? 'ok' : r.code)).sort());
    console.log(
      `request burst: real login ${codes(real)}; unknown login ${codes(ghost)}; code emails ${mailTo('dan').length - before}`,
    );
    expect(sort(real)).toEqual(sort(ghost));
    expect(real.filter((r) => r.ok)).toHaveLength(1);
    expect(mailTo('dan').length - before).toBe(1);
  });

  it('the cooldown is per account too: username then email inside the cooldown sends one code', async () => {
    const call = win(app, 'eve-window');
    expect(await call('passwordReset:request', { login: 'eve' })).toMatchObject({ ok: true });
    expect(await call('passwordReset:request', { login: 'EVE@example.com' })).toMatchObject({ ok: true });
    expect(mailTo('eve')).toHaveLength(1);
    app.clock.advance((REQUEST_COOLDOWN_SECONDS + 1) * 1000);
    expect(await call('passwordReset:request', { login: 'eve@example.com' })).toMatchObject({ ok: true });
    expect(mailTo('eve')).toHaveLength(2);
  });

  it('switched off: every login gets the same refusal, and the sign-in screen learns who to contact', async () => {
    const auth = value<Record<string, unknown>>(await ownerCall('settings:getAuth'));
    expect(auth.selfServiceRecovery).toBe(true);
    value(
      await ownerCall('settings:saveAuth', {
        ...auth,
        selfServiceRecovery: false,
        recoveryContact: 'Call the help desk on 0800 123 456.',
      }),
    );
    const anon = win(app, 'off-window');
    expect(await anon('passwordReset:status')).toEqual({
      ok: true,
      value: { selfService: false, contact: 'Call the help desk on 0800 123 456.' },
    });
    app.clock.advance((REQUEST_COOLDOWN_SECONDS + 1) * 1000);
    const sent = app.mail.emails.length;
    const answers = await Promise.all(
      ['ann', 'nobody', 'bob', 'cal'].map(async (login) =>
        JSON.stringify(await anon('passwordReset:request', { login })),
      ),
    );
    expect(new Set(answers).size).toBe(1);
    expect(answers[0]).toContain('"code":"permission_denied"');
    expect(app.mail.emails.length).toBe(sent);
    value(await ownerCall('settings:saveAuth', { ...auth, selfServiceRecovery: true }));
  });
});
