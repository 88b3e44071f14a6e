import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { removeDir, snapshotDb, startServices, type TestApp } from '../../../../tests/support/services';
import { OWNER, seedUsers, signedInWindow } from '../../../../tests/support/my-security-fixtures';
import { startSmtpServer, type TestSmtpServer } from '../../../../tests/support/smtp-server';
import { startSmsGateway, type TestSmsGateway } from '../../../../tests/support/sms-gateway';

/**
 * Issue 12, item 8: a stored SMTP password or SMS gateway token goes only where it was typed
 * for. Pointing the settings somewhere else without typing the secret again is refused, so a
 * session at the Settings page cannot send the stored credential to a server of its choosing.
 */
describe('delivery credentials stay with the server they were entered for', () => {
  let app: TestApp;
  let smtp: TestSmtpServer;
  let attackerSmtp: TestSmtpServer;
  let sms: TestSmsGateway;
  let attackerSms: TestSmsGateway;
  let owner: Awaited<ReturnType<typeof signedInWindow>>;

  beforeAll(async () => {
    [smtp, attackerSmtp, sms, attackerSms] = await Promise.all([
      startSmtpServer(),
      startSmtpServer(),
      startSmsGateway(),
      startSmsGateway(),
    ]);
  });
  afterAll(async () => {
    await Promise.all([smtp.stop(), attackerSmtp.stop(), sms.stop(), attackerSms.stop()]);
  });
  beforeEach(async () => {
    app = await startServices();
    await seedUsers(app);
    owner = await signedInWindow(app, 'owner', OWNER.username, OWNER.password);
  });
  afterEach(async () => {
    await app.close();
    removeDir(app.dir);
  });

  const mail = (over: object = {}) => ({
    host: '127.0.0.1',
    port: smtp.port,
    security: 'starttls',
    user: smtp.user,
    from: 'portcullis@example.com',
    fromName: 'Portcullis',
    allowSelfSigned: true,
    ...over,
  });
  const smsSettings = (over: object = {}) => ({
    provider: 'webhook',
    twilioAccountSid: sms.accountSid,
    twilioFrom: '+15005550006',
    twilioBaseUrl: sms.baseUrl,
    webhookUrl: sms.webhookUrl,
    webhookHeader: 'Authorization',
    ...over,
  });

  it('SMTP: a new server, port, user, no encryption or self-signed certificates need the password again', async () => {
    expect(
      await owner.call('mail:saveSettings', { ...mail({ allowSelfSigned: false }), password: smtp.password }),
    ).toMatchObject({ ok: true, value: { hasPassword: true } });
    const before = snapshotDb(app);
    const moves: [object, string, string][] = [
      [{ port: attackerSmtp.port }, 'port', 'port'],
      [{ host: 'localhost' }, 'server', 'host'],
      [{ user: 'someone-else' }, 'user name', 'user'],
      [{ security: 'none' }, 'encryption turned off', 'security'],
      [{ allowSelfSigned: true }, 'self-signed certificates accepted', 'allowSelfSigned'],
      [{ host: 'localhost', port: attackerSmtp.port }, 'server, port', 'host,port'],
    ];
    for (const [over, what, changed] of moves)
      expect(await owner.call('mail:saveSettings', mail({ allowSelfSigned: false, ...over })), what).toEqual({
        ok: false,
        code: 'invalid_input',
        message: `Enter the SMTP password again to save this change (${what}). The stored password is only sent to the server it was entered for.`,
        details: { field: 'password', changed, rule: 'smtp_password_again' },
      });
    expect(snapshotDb(app)).toBe(before);
    // The test server's certificate is self-signed: accepted with the password typed again.
    expect(await owner.call('mail:saveSettings', { ...mail(), password: smtp.password })).toMatchObject({
      ok: true,
    });
    expect(await owner.call('mail:saveSettings', mail({ port: attackerSmtp.port }))).toMatchObject({
      ok: false,
      code: 'invalid_input',
    });
    // The stored password still goes to the real server only.
    expect(await owner.call('mail:sendTest', { to: 'olivia@example.com' })).toMatchObject({
      ok: true,
      value: { ok: true },
    });
    expect([smtp.find({ to: 'olivia@example.com' }).length, attackerSmtp.messages.length]).toEqual([1, 0]);

    // Sender fields are not where the password goes: saved without it.
    expect(await owner.call('mail:saveSettings', mail({ fromName: 'Acme security' }))).toMatchObject({
      ok: true,
      value: { fromName: 'Acme security', hasPassword: true },
    });
    // Typing the password again moves it deliberately.
    expect(
      await owner.call('mail:saveSettings', {
        ...mail({ port: attackerSmtp.port }),
        password: 'typed again',
      }),
    ).toMatchObject({ ok: true, value: { port: attackerSmtp.port, hasPassword: true } });
    // Removing the password is always allowed, and with none stored there is nothing to protect.
    expect(
      await owner.call('mail:saveSettings', { ...mail({ host: 'localhost' }), password: '' }),
    ).toMatchObject({
      ok: true,
      value: { hasPassword: false },
    });
    expect(await owner.call('mail:saveSettings', mail({ host: 'mail.example.net' }))).toMatchObject({
      ok: true,
    });
  });

  it('SMS: a new Twilio address or webhook URL needs its token again', async () => {
    expect(
      await owner.call('sms:saveSettings', {
        ...smsSettings(),
        twilioAuthToken: sms.authToken,
        webhookToken: sms.webhookToken,
      }),
    ).toMatchObject({ ok: true, value: { hasTwilioToken: true, hasWebhookToken: true } });
    const before = snapshotDb(app);
    expect(await owner.call('sms:saveSettings', smsSettings({ webhookUrl: attackerSms.webhookUrl }))).toEqual(
      {
        ok: false,
        code: 'invalid_input',
        message:
          'Enter the webhook token again to save a new webhook URL or header. The stored token is only sent to the gateway it was entered for.',
        details: { field: 'webhookToken', rule: 'webhook_token_again' },
      },
    );
    expect(
      await owner.call(
        'sms:saveSettings',
        smsSettings({ provider: 'twilio', twilioBaseUrl: attackerSms.baseUrl }),
      ),
    ).toMatchObject({ ok: false, code: 'invalid_input', details: { field: 'twilioAuthToken' } });
    expect(snapshotDb(app)).toBe(before);
    expect(await owner.call('sms:sendTest', { to: '+447911123456' })).toMatchObject({ value: { ok: true } });
    expect([sms.messages.length, attackerSms.requests]).toEqual([1, 0]);

    // Switching provider with the same addresses keeps both tokens; a new URL with its token is saved.
    expect(await owner.call('sms:saveSettings', smsSettings({ provider: 'twilio' }))).toMatchObject({
      ok: true,
    });
    expect(
      await owner.call('sms:saveSettings', {
        ...smsSettings({ webhookUrl: attackerSms.webhookUrl }),
        webhookToken: attackerSms.webhookToken,
      }),
    ).toMatchObject({ ok: true, value: { webhookUrl: attackerSms.webhookUrl, hasWebhookToken: true } });
  });
});
