import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { generate } from 'otplib';
import type { Page } from '@playwright/test';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { databaseBytes } from '../support/services';
import { test, expect, type Harness } from './fixtures';
import { MIKE, person } from '../support/people';
import { seedOwnerAndMike, submitSignIn } from './stories';

const SUE = person('sue', 'Sue Support', 'support desk password');

async function signOut(page: Page) {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/#\/sign-in/);
}

/** Picks a method in the "Method of receiving the confirmation code" drop-down. */
async function chooseMethod(page: Page, label: 'Authenticator app' | 'Email' | 'SMS') {
  await page.getByTestId('tfa-method').click();
  await page
    .locator('.n-base-select-option')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .click();
}

/** Ticks "codes are saved" and finishes the enabling flow. */
async function finishBackupCodes(page: Page) {
  await expect(page.getByTestId('tfa-backup-code')).toHaveCount(10);
  await page.getByTestId('tfa-backup-confirm').click();
  await page.getByTestId('tfa-backup-done').click();
}

const CODE_MAIL = 'verification code';

/** The code an authenticator app would show now (the app's clock is the harness clock). */
function codeAt(harness: Harness, secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(harness.services.clock.now().getTime() / 1000) });
}

test.describe('two-factor authentication with an authenticator app', () => {
  test('scan the QR code from the screen, save the backup codes, sign in with a code, then with a backup code once', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness);
    const { page } = await harness.openWindow({ ip: '81.2.69.142' });
    await submitSignIn(page, MIKE);
    await expect(page).toHaveURL(/#\/my-security/);
    const card = page.getByTestId('tfa-card');
    await expect(card.getByTestId('tfa-state')).toHaveAttribute('data-method', 'off');

    // Authenticator app is the default method: enable, and the QR code appears.
    await card.getByTestId('tfa-start-totp').click();
    const qr = card.getByTestId('tfa-qr');
    await expect(qr).toBeVisible();
    await harness.screenshot(page, 'tfa-01-qr');

    // Read the QR code the way a phone would: from the pixels on the screen.
    const png = PNG.sync.read(await qr.screenshot());
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded, 'the QR code on screen must decode').not.toBeNull();
    const text = decoded?.data ?? '';
    expect(text).toMatch(/^otpauth:\/\/totp\/Portcullis:mike\?/);
    const uri = new URL(text);
    expect(uri.searchParams.get('issuer')).toBe('Portcullis');
    const secret = uri.searchParams.get('secret') ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);

    // "Can't scan the QR code?" shows the same account and key, in groups of four.
    await card.getByTestId('tfa-cant-scan').click();
    await expect(card.getByTestId('tfa-account-name')).toHaveText('mike');
    await expect(card.getByTestId('tfa-key')).toHaveText(secret.replace(/(.{4})(?=.)/g, '$1 '));

    // A wrong code is refused with the clock advice; the right one enables 2FA.
    await card.getByTestId('tfa-code').fill('000000');
    await card.getByTestId('tfa-enable').click();
    await expect(card.getByTestId('tfa-error')).toBeVisible();
    await expect(card.getByTestId('tfa-clock-advice')).toContainText('less than one minute');
    await card.getByTestId('tfa-code').fill(await codeAt(harness, secret));
    await card.getByTestId('tfa-enable').click();

    // Ten backup codes, shown once; the flow cannot finish until they are confirmed saved.
    const codes = card.getByTestId('tfa-backup-code');
    await expect(codes).toHaveCount(10);
    const backup = (await codes.allTextContents()).map((c) => c.trim());
    await expect(card.getByTestId('tfa-backup-done')).toBeDisabled();
    await harness.screenshot(page, 'tfa-02-backup-codes');
    const download = page.waitForEvent('download');
    await card.getByTestId('tfa-backup-save').click();
    const file = readFileSync(await (await download).path(), 'utf8');
    for (const c of backup) expect(file).toContain(c);
    await card.getByTestId('tfa-backup-copy').click();
    await expect(card.getByTestId('tfa-backup-copied')).toHaveText('Backup codes copied to the clipboard.');
    await card.getByTestId('tfa-backup-confirm').click();
    await card.getByTestId('tfa-backup-done').click();
    await expect(card.getByTestId('tfa-state')).toHaveAttribute('data-method', 'totp');
    await expect(card.getByTestId('tfa-backup-left')).toContainText('10');
    await harness.screenshot(page, 'tfa-03-enabled');
    await signOut(page);

    // Sign in: the password is not enough, the app's code is asked for.
    harness.services.clock.advance(30_000);
    await submitSignIn(page, MIKE);
    await expect(page.getByTestId('second-step')).toHaveAttribute('data-method', 'totp');
    await expect(page).toHaveURL(/#\/sign-in/);
    await harness.screenshot(page, 'tfa-04-second-step');
    await page.getByTestId('second-step-code').fill('123456');
    await page.getByTestId('second-step-submit').click();
    await expect(page.getByTestId('second-step-error')).toContainText('Attempts left: 4');
    await expect(page.getByTestId('second-step-clock-advice')).toBeVisible();
    await page.getByTestId('second-step-code').fill(await codeAt(harness, secret));
    await page.getByTestId('second-step-submit').click();
    await expect(page).toHaveURL(/#\/my-security/);
    await signOut(page);

    // Lost phone: a backup code signs in once.
    const used = backup[0] ?? '';
    await submitSignIn(page, MIKE);
    await page.getByTestId('second-step-use-backup').click();
    await page.getByTestId('second-step-backup-code').fill(used);
    await harness.screenshot(page, 'tfa-05-backup-code');
    await page.getByTestId('second-step-submit').click();
    await expect(page).toHaveURL(/#\/my-security/);
    await expect(page.getByTestId('tfa-backup-left')).toContainText('9');
    await signOut(page);

    // The same backup code a second time is refused, and no session opens.
    await submitSignIn(page, MIKE);
    await page.getByTestId('second-step-use-backup').click();
    await page.getByTestId('second-step-backup-code').fill(used);
    await page.getByTestId('second-step-submit').click();
    await expect(page.getByTestId('second-step-error')).toContainText('not correct');
    await expect(page).toHaveURL(/#\/sign-in/);
    await harness.screenshot(page, 'tfa-06-backup-code-reused');

    // Back in with the app; "Generate new codes" needs a current code and replaces the set.
    harness.services.clock.advance(30_000);
    await page.getByTestId('second-step-use-backup').click();
    await page.getByTestId('second-step-code').fill(await codeAt(harness, secret));
    await page.getByTestId('second-step-submit').click();
    await expect(page).toHaveURL(/#\/my-security/);
    await page.getByTestId('tfa-regenerate').click();
    harness.services.clock.advance(30_000);
    await page.getByTestId('tfa-confirm-code').fill(await codeAt(harness, secret));
    await page.getByTestId('tfa-confirm-submit').click();
    await expect(page.getByTestId('tfa-backup-code')).toHaveCount(10);
    const renewed = (await page.getByTestId('tfa-backup-code').allTextContents()).map((c) => c.trim());
    expect(renewed.filter((c) => backup.includes(c))).toEqual([]);
    await finishBackupCodes(page);
    await expect(page.getByTestId('tfa-backup-left')).toContainText('10');
    await harness.mail.waitForMessage({ to: MIKE.email, subjectIncludes: 'New backup codes' });

    const codesSeen = harness.auditCodes();
    expect(codesSeen).toContain('user.2fa:backup_codes_regenerated');
    expect(codesSeen).toContain('user.2fa:enabled');
    expect(codesSeen.filter((c) => c === 'user.2fa:backup_code_used')).toHaveLength(1);
  });
});

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

test.describe('support disables two-factor authentication for a locked-out user', () => {
  test('with a reason: the user is emailed, signed out everywhere and the audit log names the operator', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness);
    const { users, twoFactor } = harness.services.container.services;
    await users.create(
      { ...SUE, role: 'support', phone: null, canChangePassword: true, canSendSms: false },
      null,
      CLI_CLIENT,
    );
    // Mike turned on the authenticator app earlier.
    const mikeRow = await harness.services.container.repositories.users.findByLogin(MIKE.username);
    if (!mikeRow) throw new Error('mike is missing');
    const setup = await twoFactor.startTotp(mikeRow);
    const secret = setup.key.replace(/ /g, '');
    await twoFactor.confirm(mikeRow, await codeAt(harness, secret), CLI_CLIENT);

    // Mike is signed in on his computer.
    harness.services.clock.advance(30_000);
    const mike = await harness.openWindow({ ip: '81.2.69.142' });
    await submitSignIn(mike.page, MIKE);
    await mike.page.getByTestId('second-step-code').fill(await codeAt(harness, secret));
    await mike.page.getByTestId('second-step-submit').click();
    await expect(mike.page).toHaveURL(/#\/my-security/);

    // Sue (support) finds him in Users: the 2FA badge shows, and she disables it with a reason.
    const sue = await harness.openWindow();
    await submitSignIn(sue.page, SUE);
    await sue.page.getByTestId('nav-users').click();
    await expect(sue.page.getByTestId('user-2fa-mike')).toContainText('Authenticator app');
    await sue.page.getByTestId('user-actions-mike').click();
    await sue.page.getByText('Disable two-factor authentication', { exact: true }).click();
    const dialog = sue.page.getByTestId('disable-2fa-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('disable-2fa-confirm')).toBeDisabled();
    const reason = 'Lost phone; identity checked by video call';
    await dialog.getByTestId('disable-2fa-reason').fill(reason);
    await harness.screenshot(sue.page, 'tfa-20-support-disable');
    await dialog.getByTestId('disable-2fa-confirm').click();
    await expect(dialog).toBeHidden();
    await expect(sue.page.getByTestId('user-2fa-mike')).toContainText('Off');

    // Mike's window goes back to sign-in; he is emailed who did it and why.
    await expect(mike.page).toHaveURL(/#\/sign-in/);
    const mail = await harness.mail.waitForMessage({
      to: MIKE.email,
      subjectIncludes: 'turned off by support',
    });
    expect(mail.text).toContain(reason);
    expect(mail.text).toContain('sue');
    const row = harness.services.container.database.sqlite
      .prepare(
        "SELECT actor_name, subject_name, details FROM audit_events WHERE code = 'user.2fa:disabled_by_admin'",
      )
      .get() as { actor_name: string; subject_name: string; details: string };
    expect(row).toMatchObject({ actor_name: 'sue', subject_name: 'mike' });
    expect(JSON.parse(row.details)).toMatchObject({ reason, sessionsEnded: 1 });

    // Mike signs in with just his password now; as a member he may not use the support channel.
    await submitSignIn(mike.page, MIKE);
    await expect(mike.page).toHaveURL(/#\/my-security/);
    const refused = await mike.page.evaluate(
      (userId) =>
        (
          window as unknown as {
            portcullis: { users: { disableTwoFactor(i: unknown): Promise<{ ok: boolean; code?: string }> } };
          }
        ).portcullis.users.disableTwoFactor({ userId, reason: 'I am support now' }),
      mikeRow.id,
    );
    expect(refused).toMatchObject({ ok: false, code: 'permission_denied' });
  });
});
