import { describe, expect, it } from 'vitest';
import { ipcWindow, MIKE, twoFactorPerTest, value } from './two-factor.test-support';

describe('two-factor authentication: email and SMS codes', () => {
  const { app, mail, signIn } = twoFactorPerTest();

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
});
