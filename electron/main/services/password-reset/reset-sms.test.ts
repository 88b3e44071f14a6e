import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openCode } from '../delivery/outbox-messenger';
import { removeDir, startServices, type TestApp } from '../../../../tests/support/services';
import { configureDelivery } from '../../../../tests/support/delivery';
import { member, owner, signIn, value, win } from '../../../../tests/support/attempt-limits';

const PHONE = '+447911123456';

interface Row {
  id: number;
  channel: string;
  recipient: string;
  template: string;
  secret: string | null;
}

// Issue 16, item 3, against the real outbox: the SMS second factor of a reset never falls back to
// email (the inbox that got the reset code must not pass the second factor too).
describe('password reset with SMS two-factor (real outbox)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startServices();
    await configureDelivery(app, {});
  });
  afterAll(async () => {
    await app.close();
    removeDir(app.dir);
  });

  const rows = () =>
    app.container.database.sqlite
      .prepare('SELECT id, channel, recipient, template, secret, fallback_email FROM outbox ORDER BY id')
      .all() as (Row & { fallback_email: string | null })[];
  const codeOf = (row: Row | undefined): string => {
    const opened = row ? openCode(app.container.services.cipher, row) : null;
    if (!opened?.ok || !opened.code) throw new Error('no code in that message');
    return opened.code;
  };

  it('the SMS code is queued without an email fallback; with SMS off it is refused, and no email carries it', async () => {
    const ownerCall = await owner(app);
    await member(ownerCall, 'sam', { canSendSms: true });
    const { call } = await signIn(app, 'sam-setup', 'sam');
    value(await call('twoFactor:sendCode', { method: 'sms', phone: PHONE }));
    value(await call('twoFactor:confirm', { code: codeOf(rows().at(-1)) }));

    const anon = win(app, 'sam-forgot');
    value(await anon('passwordReset:request', { login: 'sam' }));
    const resetMail = rows()
      .filter((r) => r.template === 'password_reset_code')
      .at(-1);
    expect(resetMail).toMatchObject({ channel: 'email', recipient: 'sam@example.com' });
    expect(
      value(await anon('passwordReset:verifyCode', { login: 'sam', code: codeOf(resetMail) })),
    ).toMatchObject({ secondFactor: { method: 'sms', codeAllowed: true } });
    expect(value(await anon('passwordReset:sendSms'))).toMatchObject({ channel: 'sms', fallback: false });
    const sms = rows().at(-1);
    expect(sms).toMatchObject({ channel: 'sms', recipient: PHONE, fallback_email: null });

    // SMS switched off: the next SMS is refused instead of going to the inbox.
    await configureDelivery(app, { services: { smsEnabled: false } });
    app.clock.advance(61_000);
    const before = rows().length;
    expect(await anon('passwordReset:sendSms')).toMatchObject({ ok: false, code: 'invalid_input' });
    expect(rows().length).toBe(before);

    value(await anon('passwordReset:verifySecondFactor', { kind: 'code', code: codeOf(sms) }));
    expect(await anon('passwordReset:complete', { newPassword: 'a completely new passphrase 42' })).toEqual({
      ok: true,
      value: null,
    });
  });
});
