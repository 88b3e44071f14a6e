import { databaseBytes } from '../support/services';
import { test, expect } from './fixtures';
import { MIKE } from '../support/people';
import {
  chooseMethod,
  CODE_MAIL,
  finishBackupCodes,
  seedOwnerAndMike,
  signOut,
  submitSignIn,
} from './stories';

test.describe('two-factor authentication by email and SMS', () => {
  test('enable email codes with the emailed code, then sign in with a code sent by email', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness);
    const { page } = await harness.openWindow();
    await submitSignIn(page, MIKE);
    await chooseMethod(page, 'Email');
    await page.getByTestId('tfa-send-email').click();
    await expect(page.getByTestId('tfa-sent')).toContainText('m***@example.com');
    const code = await harness.mail.waitForCode({ to: MIKE.email, subjectIncludes: CODE_MAIL });
    await harness.screenshot(page, 'tfa-10-email-code-sent');
    await page.getByTestId('tfa-code').fill(code);
    await page.getByTestId('tfa-enable').click();
    await expect(page.getByTestId('tfa-backup-code')).toHaveCount(10);
    const backup = (await page.getByTestId('tfa-backup-code').allTextContents()).map((c) => c.trim());
    await finishBackupCodes(page);
    await expect(page.getByTestId('tfa-state')).toHaveAttribute('data-method', 'email');
    await signOut(page);

    await submitSignIn(page, MIKE);
    await expect(page.getByTestId('second-step')).toHaveAttribute('data-method', 'email');
    await expect(page.getByTestId('second-step-prompt')).toContainText('We sent a code to m***@example.com');
    await harness.screenshot(page, 'tfa-11-email-second-step');
    const signInCode = await harness.mail.waitForCode({ to: MIKE.email, subjectIncludes: CODE_MAIL });
    await page.getByTestId('second-step-code').fill(signInCode);
    await page.getByTestId('second-step-submit').click();
    await expect(page).toHaveURL(/#\/my-security/);

    // Neither the emailed codes (kept in the outbox) nor the backup codes are in the file in plain text.
    const { services } = harness;
    services.container.database.sqlite.pragma('wal_checkpoint(FULL)');
    const bytes = databaseBytes(services.dbPath);
    for (const secret of [code, signInCode, ...backup, ...backup.map((c) => c.replace(/-/g, ''))])
      expect(bytes.includes(Buffer.from(secret)), secret).toBe(false);
  });

  test('enable SMS codes with the code the gateway received, then sign in with a texted code', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness, { canSendSms: true });
    const { page } = await harness.openWindow();
    await submitSignIn(page, MIKE);
    await chooseMethod(page, 'SMS');
    await page.getByTestId('tfa-phone').fill('12345');
    await page.getByTestId('tfa-send-sms').click();
    await expect(page.getByTestId('tfa-error')).toContainText('international format');
    await page.getByTestId('tfa-phone').fill('+44 7911 123456');
    await page.getByTestId('tfa-send-sms').click();
    await expect(page.getByTestId('tfa-sent')).toContainText('We sent a code');
    const code = await harness.sms.waitForCode({ to: '+447911123456' });
    await harness.screenshot(page, 'tfa-12-sms-code-sent');
    await page.getByTestId('tfa-code').fill(code);
    await page.getByTestId('tfa-enable').click();
    await finishBackupCodes(page);
    await expect(page.getByTestId('tfa-state')).toHaveAttribute('data-method', 'sms');
    await signOut(page);

    await submitSignIn(page, MIKE);
    await expect(page.getByTestId('second-step')).toHaveAttribute('data-method', 'sms');
    await page.getByTestId('second-step-code').fill(await harness.sms.waitForCode({ to: '+447911123456' }));
    await page.getByTestId('second-step-submit').click();
    await expect(page).toHaveURL(/#\/my-security/);
  });

  test('when an SMS cannot be sent, the code goes by email and the screen says so', async ({ harness }) => {
    await seedOwnerAndMike(harness, { canSendSms: false });
    const { page } = await harness.openWindow();
    await submitSignIn(page, MIKE);
    await chooseMethod(page, 'SMS');
    await page.getByTestId('tfa-phone').fill('+44 7911 123456');
    await page.getByTestId('tfa-send-sms').click();
    await expect(page.getByTestId('tfa-sent')).toHaveText(
      'SMS could not be sent; we emailed the code to m***@example.com.',
    );
    await harness.screenshot(page, 'tfa-13-sms-fallback');
    const code = await harness.mail.waitForCode({ to: MIKE.email, subjectIncludes: CODE_MAIL });
    await page.getByTestId('tfa-code').fill(code);
    await page.getByTestId('tfa-enable').click();
    await finishBackupCodes(page);
    await expect(page.getByTestId('tfa-state')).toHaveAttribute('data-method', 'sms');
  });
});

test.describe('SMS gateway failure', () => {
  test('when the gateway keeps failing, the code is emailed after the retries and the screen updates', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness, { canSendSms: true });
    harness.sms.failWith(500);
    const { page } = await harness.openWindow();
    await submitSignIn(page, MIKE);
    await chooseMethod(page, 'SMS');
    await page.getByTestId('tfa-phone').fill('+44 7911 123456');
    await page.getByTestId('tfa-send-sms').click();
    await expect(page.getByTestId('tfa-sent')).toContainText('We sent a code');
    // The outbox retries the gateway on its schedule (10 s, then 20 s); move time along.
    const notice = page.getByTestId('tfa-sent');
    for (let i = 0; i < 20 && !(await notice.textContent())?.includes('could not be sent'); i++) {
      harness.services.clock.advance(15_000);
      await page.waitForTimeout(1000);
    }
    await expect(notice).toHaveText('SMS could not be sent; we emailed the code to m***@example.com.');
    await harness.screenshot(page, 'tfa-14-sms-gateway-fallback');
    const code = await harness.mail.waitForCode({ to: MIKE.email, subjectIncludes: CODE_MAIL });
    await page.getByTestId('tfa-code').fill(code);
    await page.getByTestId('tfa-enable').click();
    await finishBackupCodes(page);
    await expect(page.getByTestId('tfa-state')).toHaveAttribute('data-method', 'sms');
  });
});
