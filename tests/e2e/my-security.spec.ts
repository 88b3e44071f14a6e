import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { MIKE } from '../support/people';
import { seedOwnerAndMike, signedIn } from './stories';

const NEW_PASSWORD = 'lantern orchard quietly 1987';

async function changePassword(page: Page, next: string, current = MIKE.password) {
  await page.getByTestId('password-current').fill(current);
  await page.getByTestId('password-new').fill(next);
  await page.getByTestId('password-confirm').fill(next);
  await page.getByTestId('password-submit').click();
}

test.describe('my security', () => {
  test('change password: weak, common and reused refused with a reason; a good one ends the other session and is emailed', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness);
    const other = await signedIn(harness, MIKE, '10.1.2.3');
    const page = await signedIn(harness, MIKE, '81.2.69.142');
    await expect(page.getByTestId('password-policy')).toContainText('At least 12 characters');
    await expect(page.getByTestId('password-policy')).toContainText(
      'Do not build it on these words: portcullis.',
    );

    await changePassword(page, 'short pw');
    await expect(page.getByTestId('password-error')).toContainText('Use at least 12 characters');
    await expect(page.getByTestId('password-strength')).toHaveAttribute('data-score', /[0-4]/);
    await changePassword(page, 'qwerty123456');
    await expect(page.getByTestId('password-error')).toContainText('common or breached');
    await expect(page.getByTestId('password-strength')).toHaveAttribute('data-score', /^[01]$/);
    await changePassword(page, MIKE.password);
    await expect(page.getByTestId('password-error')).toContainText('used this password recently');
    await changePassword(page, NEW_PASSWORD, 'not my password at all');
    await expect(page.getByTestId('password-error')).toContainText('current password is not correct');
    await page.getByTestId('password-current').fill(MIKE.password);
    await page.getByTestId('password-new').fill(NEW_PASSWORD);
    await page.getByTestId('password-confirm').fill(`${NEW_PASSWORD}x`);
    await page.getByTestId('password-submit').click();
    await expect(page.getByTestId('password-error')).toContainText('not the same');
    await harness.screenshot(page, 'my-security-password-refused');

    await page.getByTestId('password-new').fill(NEW_PASSWORD);
    await expect(page.getByTestId('password-strength')).toHaveAttribute('data-score', /[34]/);
    await changePassword(page, NEW_PASSWORD);
    await expect(page.getByTestId('password-done')).toContainText('Sessions ended on other devices: 1');
    await harness.screenshot(page, 'my-security-password-changed');

    // The other window is sent back to sign-in; this one stays signed in.
    await expect(other).toHaveURL(/#\/sign-in/);
    await expect(other.getByText('Your session was ended from another place')).toBeVisible();
    await expect(page.getByTestId('sessions-table').getByTestId('session-row')).toHaveCount(1);

    const mail = await harness.mail.waitForMessage({
      to: MIKE.email,
      subjectIncludes: 'password was changed',
    });
    expect(mail.text).toContain('81.2.69.142');
    expect(mail.text).not.toContain(NEW_PASSWORD);
    expect(harness.auditCodes()).toContain('user.password:changed');
  });

  test('change email with a code sent to the new address; the old address is told', async ({ harness }) => {
    await seedOwnerAndMike(harness);
    const page = await signedIn(harness, MIKE, '81.2.69.142');
    await page.getByTestId('email-change').click();
    await page.getByTestId('email-new').fill('mike.new@example.com');
    await page.getByTestId('email-send-code').click();
    await expect(page.getByTestId('email-code-sent')).toContainText('mike.new@example.com');
    await expect(page.getByTestId('account-email')).toHaveText(MIKE.email);
    const code = await harness.mail.waitForCode({ to: 'mike.new@example.com' });
    await page.getByTestId('email-code').fill(code === '000000' ? '111111' : '000000');
    await page.getByTestId('email-confirm').click();
    await expect(page.getByTestId('email-error')).toContainText('code is not correct');
    await page.getByTestId('email-code').fill(code);
    await page.getByTestId('email-confirm').click();
    await expect(page.getByTestId('account-email')).toHaveText('mike.new@example.com');
    await expect(page.getByTestId('email-done')).toBeVisible();
    await harness.screenshot(page, 'my-security-email-changed');
    const notice = await harness.mail.waitForMessage({
      to: MIKE.email,
      subjectIncludes: 'email address was changed',
    });
    expect(notice.text).toContain('mike.new@example.com');
  });

  test('two sessions: revoke one and it lands on sign-in; revoke all keeps only the current one', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness);
    const second = await signedIn(harness, MIKE, '10.0.0.2');
    const third = await signedIn(harness, MIKE, '10.0.0.3');
    const page = await signedIn(harness, MIKE, '81.2.69.142');
    const table = page.getByTestId('sessions-table');
    await expect(table.getByTestId('session-row')).toHaveCount(3);
    await expect(table.getByTestId('session-current')).toHaveCount(1);

    // Expand a row for all details.
    await table.locator('[data-ip="10.0.0.2"] .n-data-table-expand-trigger').click();
    await expect(table.getByTestId('session-details')).toContainText('Mozilla');
    await harness.screenshot(page, 'my-security-sessions');

    await table.locator('[data-ip="10.0.0.2"]').getByTestId('session-revoke').click();
    await page.locator('.n-popconfirm__action').getByRole('button', { name: 'End session' }).click();
    await expect(table.getByTestId('session-row')).toHaveCount(2);
    await expect(second).toHaveURL(/#\/sign-in/);
    await expect(third).toHaveURL(/#\/my-security/);

    await page.getByTestId('sessions-revoke-all').click();
    await page
      .locator('.n-popconfirm__action')
      .getByRole('button', { name: 'End all other sessions' })
      .click();
    await expect(table.getByTestId('session-row')).toHaveCount(1);
    await expect(table.getByTestId('session-current')).toHaveCount(1);
    await expect(third).toHaveURL(/#\/sign-in/);
    expect(harness.auditCodes().filter((c) => c === 'session:revoked')).toHaveLength(2);
  });

  test('a user without the right to change the password sees who to ask, and the channel refuses too', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness, { canChangePassword: false });
    const page = await signedIn(harness, MIKE, '81.2.69.142');
    await expect(page.getByTestId('password-no-right')).toContainText('Ask an administrator');
    await expect(page.getByTestId('password-submit')).toHaveCount(0);
    const result = await page.evaluate(
      ([current, next]) =>
        (
          window as unknown as {
            portcullis: { account: { changePassword(i: unknown): Promise<{ ok: boolean; code?: string }> } };
          }
        ).portcullis.account.changePassword({ currentPassword: current, newPassword: next }),
      [MIKE.password, NEW_PASSWORD] as const,
    );
    expect(result).toMatchObject({ ok: false, code: 'permission_denied' });
    expect(harness.auditCodes()).not.toContain('user.password:changed');
  });
});
