import { beforeEach, describe, expect, it } from 'vitest';
import { storedBytes } from '../../../../tests/support/raw-db';
import { auditCodes, startServices } from '../../../../tests/support/services';
import { servicesPerTest } from '../../../../tests/support/per-test';
import { loopbackServersPerDescribe } from '../../../../tests/support/loopback-servers';
import { configureDelivery } from '../../../../tests/support/delivery';
import type { UserRow } from '../../db/repositories/user.repository';
import type { CodeRequest } from './messenger.port';

const FAST = {
  email: { maxAttempts: 5, baseDelayMs: 1000, maxDelayMs: 8000 },
  sms: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 4000 },
};

describe('outbox delivery over real loopback SMTP and SMS servers', () => {
  const { smtp, sms } = loopbackServersPerDescribe();
  const app = servicesPerTest(() => startServices({ delivery: { policy: FAST } }));
  let alice: UserRow;
  beforeEach(async () => {
    await configureDelivery(app, { smtp, sms });
    alice = await app.container.repositories.users.insert({
      username: 'alice',
      displayName: 'Alice',
      email: 'alice@example.com',
      phone: '+447700900123',
      role: 'member',
      canChangePassword: true,
      canSendSms: true,
      now: app.clock.now().toISOString(),
    });
  });

  const s = () => app.container.services;
  const run = () => s().deliveryWorker.runOnce();
  const queueCode = (over: Partial<CodeRequest> = {}) =>
    app.container.database.db.transaction().execute((trx) =>
      s().messenger.queueCode(trx, {
        user: { id: alice.id, username: 'alice', email: 'alice@example.com', canSendSms: true },
        via: 'sms',
        phone: '+447700900123',
        code: '493817',
        purpose: 'sign_in',
        minutes: 10,
        ...over,
      }),
    );
  const services = async (v: { smsEnabled: boolean; smsAvailable: number; emailEnabled: boolean }) =>
    (await configureDelivery(app, { services: v })).services();

  it('emails a code over STARTTLS with auth, exactly as rendered, then forgets the code', async () => {
    const delivery = await queueCode({ via: 'email' });
    expect(delivery).toMatchObject({ channel: 'email', maskedTo: 'a***@example.com' });
    expect(storedBytes(app.dbPath).includes('493817')).toBe(false);
    expect(await run()).toBe(1);
    const mail = await smtp.waitForMessage({ to: 'alice@example.com' });
    expect(mail).toMatchObject({
      from: 'portcullis@example.com',
      subject: 'Your Portcullis verification code',
      secure: true,
      user: 'portcullis',
    });
    expect(mail.text).toBe(
      'Hello alice,\n\nYour code to sign in is: 493817\nIt expires in 10 minutes. If you did not ask for it, you can ignore this message.\n\n— Portcullis\n\nThis message was sent automatically by Portcullis. Please do not reply.',
    );
    expect(mail.html).toContain('<p style="margin:0 0 12px">Your code to sign in is: 493817</p>');
    const row = app.container.database.sqlite.prepare('SELECT status, secret, attempts FROM outbox').get();
    expect(row).toEqual({ status: 'sent', secret: null, attempts: 1 });
    app.container.database.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const bytes = storedBytes(app.dbPath);
    for (const secret of ['493817', smtp.password, sms.authToken, sms.webhookToken])
      expect(bytes.includes(secret)).toBe(false);
  });

  it('fails a message whose sealed code cannot be opened, instead of leaving it claimed', async () => {
    await queueCode({ via: 'email' });
    app.container.database.sqlite.prepare("UPDATE outbox SET secret = 'v1.AAAA.BBBB.CCCC'").run();
    expect(await run()).toBe(1);
    const row = app.container.database.sqlite
      .prepare('SELECT status, secret, last_error FROM outbox')
      .get() as { status: string; secret: string | null; last_error: string };
    expect(row).toMatchObject({ status: 'failed', secret: null });
    expect(row.last_error).toContain('could not be decrypted');
    expect(smtp.messages).toHaveLength(0);
    expect(app.logger.lines.map((l) => l.message)).toContain('outbox: sealed code cannot be opened');
  });

  it('sends an SMS through the webhook and the Twilio-shaped API, and counts the allowance down', async () => {
    expect(await queueCode()).toMatchObject({ channel: 'sms', maskedTo: '+44*******123' });
    await run();
    expect(await sms.waitForMessage({ to: '+447700900123' })).toEqual({
      to: '+447700900123',
      body: 'Portcullis code to sign in: 493817. Expires in 10 min.',
      from: null,
      provider: 'webhook',
    });
    await configureDelivery(app, { sms, provider: 'twilio', services: { smsAvailable: 1 } });
    await queueCode({ code: '111222' });
    await run();
    expect(await sms.waitForMessage({ to: '+447700900123' })).toMatchObject({
      provider: 'twilio',
      from: '+15005550006',
      body: expect.stringContaining('111222') as string,
    });
    expect((await s().delivery.services()).smsAvailable).toBe(0);
    expect(smtp.messages).toHaveLength(0);
  });

  it.each([
    ['service_off', { smsEnabled: false, smsAvailable: 5, emailEnabled: true }, true],
    ['no_messages_left', { smsEnabled: true, smsAvailable: 0, emailEnabled: true }, true],
    ['no_right', { smsEnabled: true, smsAvailable: 5, emailEnabled: true }, false],
  ] as const)('falls back to email when the SMS cannot be sent: %s', async (reason, svc, right) => {
    await services(svc);
    const delivery = await queueCode({
      user: { id: alice.id, username: 'alice', email: 'alice@example.com', canSendSms: right },
    });
    expect(delivery).toMatchObject({
      channel: 'email',
      maskedTo: 'a***@example.com',
      fallbackReason: reason,
    });
    await run();
    expect((await smtp.waitForMessage({ to: 'alice@example.com' })).text).toContain('493817');
    expect(sms.messages).toHaveLength(0);
    expect(auditCodes(app)).toContain('delivery.sms:fallback');
    const audit = app.container.database.sqlite
      .prepare("SELECT message FROM audit_events WHERE code = 'delivery.sms:fallback'")
      .get() as { message: string };
    expect(audit.message).toBe(
      `SMS to alice could not be sent (${reason}); the code was emailed to a***@example.com`,
    );
  });

  it('falls back to email after the gateway keeps answering 500, and says so', async () => {
    sms.failWith(500);
    const queued = await queueCode();
    expect(queued.channel).toBe('sms');
    await run();
    app.clock.advance(1000);
    await run();
    expect(smtp.messages).toHaveLength(0);
    app.clock.advance(2000);
    await run();
    expect(sms.requests).toBe(3);
    const mail = await smtp.waitForMessage({ to: 'alice@example.com' });
    expect(mail.text).toContain('493817');
    expect(await s().messenger.codeDelivery(queued.messageId ?? 0)).toMatchObject({
      channel: 'email',
      maskedTo: 'a***@example.com',
      fallbackReason: 'gateway_error',
    });
    expect(auditCodes(app)).toContain('delivery.sms:fallback');
    const failed = app.container.database.sqlite
      .prepare("SELECT status, last_error, secret FROM outbox WHERE channel = 'sms'")
      .get();
    expect(failed).toEqual({
      status: 'failed',
      secret: null,
      last_error:
        'The SMS webhook answered 500 Internal Server Error: Gateway is having a bad day The code was emailed instead.',
    });
  });

  it('skips notices when e-mail notifications are off, but still sends codes', async () => {
    await services({ smsEnabled: false, smsAvailable: 0, emailEnabled: false });
    await app.container.database.db.transaction().execute((trx) =>
      s().messenger.queueEmail(trx, {
        userId: alice.id,
        to: 'alice@example.com',
        template: 'two_factor_enabled',
        data: { username: 'alice', method: 'totp' },
      }),
    );
    await queueCode({ via: 'email' });
    await run();
    await smtp.waitForMessage({ to: 'alice@example.com', subjectIncludes: 'verification code' });
    expect(smtp.messages).toHaveLength(1);
  });
});
