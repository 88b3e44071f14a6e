import { readFileSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { test, expect } from './fixtures';
import { MIKE } from '../support/people';
import { codeAt, finishBackupCodes, seedOwnerAndMike, signOut, submitSignIn } from './stories';

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
    await expect(page.getByTestId('second-step-error')).toContainText('already used');
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
