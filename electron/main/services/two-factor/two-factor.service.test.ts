import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Result } from '../../../../shared/result';
import { databaseBytes, removeDir, startServices, type TestApp } from '../../../../tests/support/services';
import { totpCode } from '../../security/totp';
import { ipcWindow, recordMessages, type RecordingMessenger } from './two-factor.test-support';

const OWNER = {
  username: 'olivia',
  displayName: 'Olivia Owner',
  email: 'olivia@example.com',
  password: 'correct horse battery staple',
};
const MIKE = {
  username: 'mike',
  displayName: 'Mike Member',
  email: 'mike@example.com',
  password: 'a long member password',
};
const SUE = {
  username: 'sue',
  displayName: 'Sue Support',
  email: 'sue@example.com',
  password: 'a long support password',
};

function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`Expected ok, got ${r.code}: ${r.message}`);
  return r.value as T;
}

describe('two-factor authentication', () => {
  let app: TestApp;
  let mail: RecordingMessenger;
  beforeEach(async () => {
    app = await startServices();
    mail = recordMessages(app);
    const owner = ipcWindow(app, 'owner');
    value(await owner.call('auth:createOwner', OWNER));
    value(await owner.call('users:create', { ...MIKE, role: 'member', mustChangePassword: false }));
    value(await owner.call('users:create', { ...SUE, role: 'support', mustChangePassword: false }));
  });
  afterEach(async () => {
    await app.close();
    removeDir(app.dir);
  });

  const now = () => app.clock.now().getTime();
  const audit = () =>
    app.container.database.sqlite
      .prepare('SELECT code, actor_name, subject_name, details FROM audit_events ORDER BY id')
      .all() as { code: string; actor_name: string | null; subject_name: string | null; details: string }[];

  async function signIn(key: string, who: { username: string; password: string }) {
    const w = ipcWindow(app, key);
    const r = value<{ status: string; method?: string }>(
      await w.call('auth:signIn', { login: who.username, password: who.password }),
    );
    return { w, r };
  }

  /** Mike enables the authenticator app; returns the secret and the backup codes. */
  async function enableTotp() {
    const { w } = await signIn('mike-setup', MIKE);
    const setup = value<{ key: string; accountName: string; qrDataUrl: string }>(
      await w.call('twoFactor:startTotp'),
    );
    expect(setup.accountName).toBe('mike');
    expect(setup.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const secret = setup.key.replace(/ /g, '');
    const wrong = await w.call('twoFactor:confirm', { code: '000000' });
    expect(wrong).toMatchObject({ ok: false, code: 'invalid_code' });
    const { backupCodes } = value<{ backupCodes: string[] }>(
      await w.call('twoFactor:confirm', { code: await totpCode(secret, now()) }),
    );
    return { w, secret, backupCodes };
  }

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
    expect(await again.call('auth:useBackupCode', { code: used })).toMatchObject({
      ok: false,
      code: 'invalid_code',
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
    expect(await s.call('auth:useBackupCode', { code: backupCodes[0] })).toMatchObject({
      code: 'invalid_code',
    });
    expect(value(await s.call('auth:useBackupCode', { code: fresh[0] }))).toMatchObject({
      user: { username: 'mike' },
    });
  });

  it('enables email codes and signs in with an emailed code; resend waits for the cooldown', async () => {
    const { w } = await signIn('e', MIKE);
    const sent = value<{ channel: string; maskedTo: string }>(
      await w.call('twoFactor:sendCode', { method: 'email' }),
    );
    expect(sent).toMatchObject({ channel: 'email', maskedTo: 'm***@example.com' });
    expect(await w.call('twoFactor:sendCode', { method: 'email' })).toMatchObject({ code: 'retry_later' });
    value(await w.call('twoFactor:confirm', { code: mail.lastCode() }));
    const { w: w2, r } = await signIn('e2', MIKE);
    expect(r).toMatchObject({
      status: 'second_step',
      method: 'email',
      sentTo: { maskedTo: 'm***@example.com' },
    });
    expect(await w2.call('auth:resendCode')).toMatchObject({ ok: false, code: 'retry_later' });
    app.clock.advance(61_000);
    value(await w2.call('auth:resendCode'));
    expect(value(await w2.call('auth:verifyCode', { code: mail.lastCode() }))).toMatchObject({
      user: { username: 'mike' },
    });
    // An emailed code is single use and expires after 10 minutes.
    const { w: w3 } = await signIn('e3', MIKE);
    const code = mail.lastCode();
    app.clock.advance(10 * 60_000 + 1);
    expect(await w3.call('auth:verifyCode', { code })).toMatchObject({ code: 'challenge_ended' });
  });

  it('a correct password again inside the resend cooldown reuses the live code instead of sending one', async () => {
    const { w } = await signIn('c', MIKE);
    value(await w.call('twoFactor:sendCode', { method: 'email' }));
    value(await w.call('twoFactor:confirm', { code: mail.lastCode() }));
    const sent = () => mail.codes.filter((c) => c.purpose === 'sign_in').length;
    const { r: first } = await signIn('c1', MIKE);
    expect(first).toMatchObject({ sentTo: { maskedTo: 'm***@example.com', resendAfterSeconds: 60 } });
    const code = mail.lastCode();
    app.clock.advance(20_000);
    const { w: w2, r: again } = await signIn('c2', MIKE);
    // No second message: the screen says where the first one went and how long until "send again".
    expect(sent()).toBe(1);
    expect(again).toMatchObject({
      status: 'second_step',
      sentTo: { channel: 'email', resendAfterSeconds: 40 },
    });
    expect(value(await w2.call('auth:verifyCode', { code }))).toMatchObject({ user: { username: 'mike' } });
    // A used code holds nothing back: the next sign-in gets a fresh code at once.
    await signIn('c3', MIKE);
    expect(sent()).toBe(2);
    app.clock.advance(61_000);
    await signIn('c4', MIKE);
    expect(sent()).toBe(3);
  });

  it('validates the phone number, stores it as E.164 and reports the SMS fallback to email', async () => {
    const { w } = await signIn('s', MIKE);
    expect(await w.call('twoFactor:sendCode', { method: 'sms', phone: '12345' })).toMatchObject({
      code: 'invalid_input',
    });
    const sent = value<{ channel: string; fallback: boolean }>(
      await w.call('twoFactor:sendCode', { method: 'sms', phone: '+44 7911 123456' }),
    );
    // Mike lacks the right "can send SMS": the code went by email, and the screen says so.
    expect(sent).toMatchObject({ channel: 'email', fallback: true });
    expect(mail.codes.at(-1)).toMatchObject({ via: 'sms', phone: '+447911123456' });
    value(await w.call('twoFactor:confirm', { code: mail.lastCode() }));
    expect(value(await w.call('twoFactor:status'))).toMatchObject({
      method: 'sms',
      destination: '+44 ••• ••• 456',
    });
    const row = app.container.database.sqlite
      .prepare("SELECT two_factor_method FROM users WHERE username = 'mike'")
      .get();
    expect(row).toEqual({ two_factor_method: 'sms' });
  });

  it('tells the screen when the gateway refused an SMS code and it was emailed instead', async () => {
    app.container.database.sqlite.prepare("UPDATE users SET can_send_sms = 1 WHERE username = 'mike'").run();
    const { w } = await signIn('g', MIKE);
    const sent = value(await w.call('twoFactor:sendCode', { method: 'sms', phone: '+49 151 23456789' }));
    expect(sent).toMatchObject({ channel: 'sms', fallback: false });
    expect(value(await w.call('twoFactor:codeStatus', { purpose: 'enable_2fa' }))).toMatchObject({
      channel: 'sms',
    });
    mail.failLatestSms();
    expect(value(await w.call('twoFactor:codeStatus', { purpose: 'enable_2fa' }))).toMatchObject({
      channel: 'email',
      maskedTo: 'm***@example.com',
      fallback: true,
    });
    value(await w.call('twoFactor:confirm', { code: mail.lastCode() }));
    // At sign-in, the second step can ask the same question for its own code.
    const { w: w2, r } = await signIn('g2', MIKE);
    expect(r).toMatchObject({ method: 'sms', sentTo: { channel: 'sms' } });
    mail.failLatestSms();
    expect(value(await w2.call('auth:codeStatus'))).toMatchObject({ channel: 'email', fallback: true });
    expect(value(await ipcWindow(app, 'other').call('auth:codeStatus'))).toBeNull();
  });

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
    const bytes = databaseBytes(app.dbPath);
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
