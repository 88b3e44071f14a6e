import { databaseBytes } from '../support/services';
import { test, expect, type Harness } from './fixtures';
import { MIKE, OWNER } from '../support/people';
import { seedOwnerAndMike, submitSignIn } from './stories';

function outboxRows(harness: Harness) {
  return harness.services.container.database.sqlite
    .prepare('SELECT id, status, attempts, recipient FROM outbox ORDER BY id')
    .all() as { id: number; status: string; attempts: number; recipient: string }[];
}

test.describe('outgoing mail and SMS', () => {
  // Each test walks through several screens and real loopback servers: give it room on a busy machine.
  test.describe.configure({ timeout: 120_000 });

  test('the owner sets up SMTP, the SMS gateway and account services, tests them, and an SMS code falls back to email', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness, { canSendSms: true });
    const { page } = await harness.openWindow({ ip: '81.2.69.142' });
    await submitSignIn(page, OWNER);
    await page.getByTestId('nav-settings').click();
    await expect(page).toHaveURL(/#\/settings/);
    await page.getByTestId('settings-tab-mail').click();

    // Mail (SMTP): enter the server with STARTTLS and a password that goes to the keychain.
    await page.getByTestId('mail-host').fill('127.0.0.1');
    await page.getByTestId('mail-port').fill(String(harness.mail.port));
    await page.getByTestId('mail-user').fill(harness.mail.user);
    await page.getByTestId('mail-password').fill('not the password');
    await page.getByTestId('mail-from').fill('security@example.com');
    await page.getByTestId('mail-save').click();
    await expect(page.getByTestId('mail-password-stored')).toBeVisible();
    await page.getByTestId('mail-send-test').click();
    // A wrong password: the server's refusal, in plain words.
    await expect(page.getByTestId('mail-test-result')).toHaveAttribute('data-ok', 'false');
    await expect(page.getByTestId('mail-test-result')).toContainText(
      'The mail server rejected the user name or password.',
    );
    await harness.screenshot(page, 'delivery-01-mail-error');
    await page.getByTestId('mail-password').fill(harness.mail.password);
    await page.getByTestId('mail-send-test').click();
    await expect(page.getByTestId('mail-test-result')).toHaveAttribute('data-ok', 'true');
    await expect(page.getByTestId('mail-test-result')).toContainText(
      'accepted by the mail server for olivia@example.com',
    );
    const test1 = await harness.mail.waitForMessage({ to: OWNER.email, subjectIncludes: 'test email' });
    expect(test1.subject).toBe('Portcullis test email');
    expect(test1.text).toContain('This is a test email sent by olivia from the Portcullis mail settings.');
    expect(test1.from).toBe('security@example.com');
    await harness.screenshot(page, 'delivery-02-mail');

    // SMS gateway: the Twilio-compatible API on the loopback gateway.
    await page.getByTestId('settings-tab-sms').click();
    await page.getByTestId('sms-provider-twilio').click();
    await page.getByTestId('sms-twilio-sid').fill(harness.sms.accountSid);
    await page.getByTestId('sms-twilio-token').fill(harness.sms.authToken);
    await page.getByTestId('sms-twilio-from').fill('+15005550006');
    await page.getByTestId('sms-twilio-base-url').fill(harness.sms.baseUrl);
    await page.getByTestId('sms-test-to').fill('+447700900123');
    harness.sms.failWith(500);
    await page.getByTestId('sms-send-test').click();
    await expect(page.getByTestId('sms-test-result')).toContainText('The SMS gateway answered 500');
    harness.sms.failWith(null);
    await page.getByTestId('sms-send-test').click();
    await expect(page.getByTestId('sms-test-result')).toHaveAttribute('data-ok', 'true');
    const sms = await harness.sms.waitForMessage({ to: '+447700900123' });
    expect(sms).toMatchObject({ provider: 'twilio', from: '+15005550006' });
    expect(sms.body).toBe('Portcullis test message sent by olivia: the SMS gateway works.');
    await harness.screenshot(page, 'delivery-03-sms');

    // Account services: SMS messages off.
    await page.getByTestId('settings-tab-services').click();
    await expect(page.getByTestId('services-sms-enabled')).toHaveAttribute('aria-checked', 'true');
    await page.getByTestId('services-sms-enabled').click();
    await page.getByTestId('services-save').click();
    await expect(page.getByTestId('services-sms-enabled')).toHaveAttribute('aria-checked', 'false');
    await expect
      .poll(async () => (await harness.services.container.services.delivery.services()).smsEnabled)
      .toBe(false);
    await expect(page.getByTestId('services-save')).toBeEnabled();
    await harness.screenshot(page, 'delivery-04-services');

    // No credential is in the database file.
    const bytes = databaseBytes(harness.services.dbPath);
    for (const secret of [harness.mail.password, harness.sms.authToken])
      expect(bytes.includes(secret)).toBe(false);

    // Mike asks for an SMS code: SMS is off, so the code goes to his email and the screen says so.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await submitSignIn(page, MIKE);
    await expect(page).toHaveURL(/#\/my-security/);
    const card = page.getByTestId('tfa-card');
    await card.getByTestId('tfa-method').click();
    await page.locator('.n-base-select-option').filter({ hasText: /^SMS$/ }).click();
    await card.getByTestId('tfa-phone').fill('+44 7911 123456');
    await card.getByTestId('tfa-send-sms').click();
    await expect(card.getByTestId('tfa-sent')).toHaveText(
      'SMS could not be sent; we emailed the code to m***@example.com.',
    );
    await harness.screenshot(page, 'delivery-05-fallback');
    const code = await harness.mail.waitForCode({ to: MIKE.email, subjectIncludes: 'verification code' });
    expect(harness.sms.messages.filter((m) => m.to === '+447911123456')).toHaveLength(0);
    await card.getByTestId('tfa-code').fill(code);
    await card.getByTestId('tfa-enable').click();
    await expect(card.getByTestId('tfa-backup-codes')).toBeVisible();
    expect(harness.auditCodes()).toContain('delivery.sms:fallback');
  });

  test('the Outbox shows a message waiting for a mail server that is down; "Retry now" sends it and "Cancel" drops another', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness, { canSendSms: true });
    await harness.mail.down();
    const { messenger } = harness.services.container.services;
    const queue = (to: string) =>
      harness.services.container.database.db.transaction().execute((trx) =>
        messenger.queueEmail(trx, {
          userId: null,
          to,
          template: 'test_email',
          data: { operator: 'olivia' },
        }),
      );
    await queue('first@example.com');
    await queue('second@example.com');
    await expect.poll(() => outboxRows(harness).map((r) => r.attempts)).toEqual([1, 1]);

    const { page } = await harness.openWindow();
    await submitSignIn(page, OWNER);
    await page.getByTestId('nav-outbox').click();
    await expect(page).toHaveURL(/#\/outbox/);
    const table = page.getByTestId('outbox-table');
    await expect(table).toContainText('first@example.com');
    await expect(page.getByTestId('outbox-tab-pending')).toContainText('Pending (2)');
    const [first, second] = outboxRows(harness);
    await expect(page.getByTestId(`outbox-error-${first?.id ?? 0}`)).toContainText(
      `Could not connect to the mail server at 127.0.0.1:${harness.mail.port}: the connection was refused.`,
    );
    await harness.screenshot(page, 'delivery-06-outbox-pending');

    // Cancel one (with confirmation), then bring the server back and retry the other now.
    await page.getByTestId(`outbox-cancel-${second?.id ?? 0}`).click();
    await page.getByTestId('outbox-cancel-confirm').click();
    await expect(page.getByTestId('outbox-tab-cancelled')).toContainText('Cancelled (1)');
    await harness.mail.up();
    await page.getByTestId(`outbox-retry-${first?.id ?? 0}`).click();
    const mail = await harness.mail.waitForMessage({ to: 'first@example.com' });
    expect(mail.subject).toBe('Portcullis test email');
    await page.getByTestId('outbox-refresh').click();
    await page.getByTestId('outbox-tab-sent').click();
    await expect(table).toContainText('first@example.com');
    await expect(table).not.toContainText('second@example.com');
    await harness.screenshot(page, 'delivery-07-outbox-sent');
    expect(harness.mail.find({ to: 'second@example.com' })).toHaveLength(0);
    expect(harness.auditCodes()).toEqual(
      expect.arrayContaining(['delivery.outbox:cancelled', 'delivery.outbox:retried']),
    );
  });
});
