import { beforeEach, describe, expect, it } from 'vitest';
import { storedBytes } from '../../../../tests/support/raw-db';
import { windowCaller } from '../../../../tests/support/services';
import { servicesPerTest } from '../../../../tests/support/per-test';
import { loopbackServersPerDescribe } from '../../../../tests/support/loopback-servers';
import { OWNER } from '../../../../tests/support/people';
import { configureDelivery } from '../../../../tests/support/delivery';
import { CLI_CLIENT, type Actor } from '../context';

describe('mail and SMS settings, "Send test", the outbox page and its permissions', () => {
  const { smtp, sms } = loopbackServersPerDescribe();
  const app = servicesPerTest();
  let owner: Actor;
  beforeEach(async () => {
    const me = await app.container.services.auth.createOwnerAccount(OWNER, CLI_CLIENT);
    owner = { id: me.id, username: me.username, role: 'owner', sessionId: null };
  });

  const s = () => app.container.services;
  const mailSettings = (over: object = {}) => ({
    host: '127.0.0.1',
    port: smtp.port,
    security: 'starttls' as const,
    user: smtp.user,
    from: 'portcullis@example.com',
    fromName: 'Portcullis',
    allowSelfSigned: true,
    ...over,
  });

  it('keeps the SMTP password in the keychain, and "Send test email" reports success or the reason in plain words', async () => {
    const view = await s().delivery.saveMail(
      { ...mailSettings(), password: smtp.password },
      owner,
      CLI_CLIENT,
    );
    expect(view).toMatchObject({ host: '127.0.0.1', hasPassword: true });
    expect(view).not.toHaveProperty('password');
    expect(await s().delivery.testMail('olivia@example.com', owner)).toEqual({
      ok: true,
      message: 'The test email was accepted by the mail server for olivia@example.com.',
    });
    const mail = await smtp.waitForMessage({ to: 'olivia@example.com' });
    expect(mail).toMatchObject({ subject: 'Portcullis test email', secure: true, user: 'portcullis' });
    expect(mail.text).toContain('This is a test email sent by olivia from the Portcullis mail settings.');

    await s().delivery.saveMail({ ...mailSettings(), password: 'wrong' }, owner, CLI_CLIENT);
    const denied = await s().delivery.testMail('olivia@example.com', owner);
    expect(denied.ok).toBe(false);
    expect(denied.message).toMatch(
      /^The mail server rejected the user name or password\. The server said: 535/,
    );

    await s().delivery.saveMail(
      { ...mailSettings({ allowSelfSigned: false }), password: smtp.password },
      owner,
      CLI_CLIENT,
    );
    const untrusted = await s().delivery.testMail('olivia@example.com', owner);
    expect(untrusted.ok).toBe(false);
    expect(untrusted.message).toMatch(/self.signed certificate/i);

    // A new port takes the password typed again (see delivery-credential-target.test.ts).
    await s().delivery.saveMail({ ...mailSettings({ port: 1 }), password: smtp.password }, owner, CLI_CLIENT);
    expect((await s().delivery.testMail('olivia@example.com', owner)).message).toBe(
      'Could not connect to the mail server at 127.0.0.1:1: the connection was refused.',
    );
    await s().delivery.saveMail({ ...mailSettings({ host: '' }), password: '' }, owner, CLI_CLIENT);
    expect(await s().delivery.mail()).toMatchObject({ hasPassword: false });
    expect((await s().delivery.testMail('olivia@example.com', owner)).message).toBe(
      'No mail server is set up: enter the SMTP host in Settings.',
    );
    app.container.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    expect(storedBytes(app.dbPath).includes(smtp.password)).toBe(false);
    const codes = app.container.database.sqlite
      .prepare("SELECT code FROM audit_events WHERE code LIKE 'settings.%'")
      .all();
    expect(codes).toHaveLength(5);
  });

  it('"Send test SMS" works with both gateway shapes and names the gateway error', async () => {
    const base = {
      twilioAccountSid: sms.accountSid,
      twilioFrom: '+15005550006',
      twilioBaseUrl: sms.baseUrl,
      webhookUrl: sms.webhookUrl,
      webhookHeader: 'Authorization',
    };
    await s().delivery.saveSms(
      { ...base, provider: 'twilio', twilioAuthToken: sms.authToken, webhookToken: sms.webhookToken },
      owner,
      CLI_CLIENT,
    );
    expect(await s().delivery.sms()).toMatchObject({ hasTwilioToken: true, hasWebhookToken: true });
    expect((await s().delivery.testSms('+447911123456', owner)).ok).toBe(true);
    expect(await sms.waitForMessage({ to: '+447911123456' })).toMatchObject({ provider: 'twilio' });
    await s().delivery.saveSms({ ...base, provider: 'webhook' }, owner, CLI_CLIENT);
    expect((await s().delivery.testSms('+447911123456', owner)).ok).toBe(true);
    expect(await sms.waitForMessage({ to: '+447911123456' })).toMatchObject({
      provider: 'webhook',
      body: 'Portcullis test message sent by olivia: the SMS gateway works.',
    });
    await s().delivery.saveSms({ ...base, provider: 'webhook', webhookToken: 'wrong' }, owner, CLI_CLIENT);
    expect(await s().delivery.testSms('+447911123456', owner)).toEqual({
      ok: false,
      message: 'The SMS webhook answered 401 Unauthorized (check the credentials): bad token',
    });
    app.container.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = storedBytes(app.dbPath);
    for (const secret of [sms.authToken, sms.webhookToken]) expect(bytes.includes(secret)).toBe(false);
  });

  it('never shows a pending code on the Outbox page, and only the code owner may ask where it went', async () => {
    await configureDelivery(app, { smtp });
    const user = { id: owner.id, username: 'olivia', email: 'olivia@example.com', canSendSms: false };
    const queued = await app.container.database.db
      .transaction()
      .execute((trx) =>
        s().messenger.queueCode(trx, { user, via: 'email', code: '730115', purpose: 'sign_in', minutes: 10 }),
      );
    const page = await s().outbox.list({ page: 1, pageSize: 50 });
    expect(page.counts.pending).toBe(1);
    expect(page.items[0]?.text).toContain('Your code to sign in is: ••••••');
    expect(JSON.stringify(page)).not.toContain('730115');
    const id = queued.messageId ?? 0;
    expect(await s().messenger.codeDeliveryFor(id, owner.id)).toMatchObject({ channel: 'email' });
    expect(await s().messenger.codeDeliveryFor(id, owner.id + 1)).toBeUndefined();
    await s().outbox.cancel(id, owner, CLI_CLIENT);
    await s().deliveryWorker.runOnce();
    expect(smtp.find({ to: 'olivia@example.com' })).toHaveLength(0);
    await expect(s().outbox.cancel(id, owner, CLI_CLIENT)).rejects.toMatchObject({ code: 'conflict' });
  });

  it('lets only the owner change delivery settings; admins may use the Outbox', async () => {
    const { pipeline } = app.container;
    const { caller } = windowCaller('w1');
    await s().users.create(
      {
        username: 'adam',
        displayName: 'Adam Admin',
        email: 'adam@example.com',
        phone: null,
        role: 'admin',
        canChangePassword: true,
        canSendSms: false,
        password: 'admins are careful people',
      },
      null,
      CLI_CLIENT,
    );
    const signIn = await pipeline.dispatch(caller, 'auth:signIn', {
      login: 'adam',
      password: 'admins are careful people',
    });
    expect(signIn).toMatchObject({ ok: true });
    expect(await pipeline.dispatch(caller, 'mail:getSettings', {})).toMatchObject({
      ok: false,
      code: 'permission_denied',
    });
    expect(
      await pipeline.dispatch(caller, 'delivery:updateServices', {
        smsEnabled: true,
        smsAvailable: 5,
        emailEnabled: true,
      }),
    ).toMatchObject({ ok: false, code: 'permission_denied' });
    expect(await pipeline.dispatch(caller, 'outbox:list', {})).toMatchObject({ ok: true });
    expect(await pipeline.dispatch(caller, 'sms:sendTest', { to: '12345' })).toMatchObject({ ok: false });
  });
});
