import { test, expect } from './fixtures';
import { seedUsers } from '../support/admin-fixtures';
import { auditRows as audit, signInAs as signIn } from './stories';

const LOCKED_UNTIL = '2026-03-02T10:00:00Z';

test.describe('administration: reset codes and settings', () => {
  test('support sends a reset code; the user sets a new password from the sign-in screen', async ({
    harness,
  }) => {
    await seedUsers(harness.services, [
      { username: 'sue', role: 'support' },
      { username: 'tom', role: 'member', email: 'tom@example.com' },
    ]);
    const sue = await harness.openWindow();
    await signIn(sue.page, 'sue');
    await sue.page.getByTestId('nav-users').click();
    await sue.page.getByTestId('users-search').fill('tom');
    await sue.page.getByTestId('user-actions-tom').click();
    await sue.page.getByText('Send password reset code', { exact: true }).click();
    await sue.page.getByTestId('confirm-action').click();
    await expect(sue.page.getByText(/Done: 1 changed/)).toBeVisible();
    const code = await harness.mail.waitForCode({ to: 'tom@example.com' });

    const tom = await harness.openWindow();
    // The same steps as "Forgot your password?", from "I already have a reset code".
    await tom.page.getByTestId('signin-forgot').click();
    await tom.page.getByTestId('recovery-have-code').click();
    await tom.page.getByTestId('recovery-code-login').fill('tom');
    await tom.page.getByTestId('recovery-code').fill(code);
    await tom.page.getByTestId('recovery-code-submit').click();
    await tom.page.getByTestId('recovery-new-password').fill('a brand new passphrase 77');
    await tom.page.getByTestId('recovery-confirm-password').fill('a brand new passphrase 77');
    await harness.screenshot(tom.page, 'admin-05-reset');
    await tom.page.getByTestId('recovery-save').click();
    await expect(tom.page.getByTestId('recovery-done')).toBeVisible();
    await expect(tom.page).toHaveURL(/#\/sign-in/);
    await signIn(tom.page, 'tom', 'a brand new passphrase 77');
    await expect(tom.page).toHaveURL(/#\/my-security/);
    expect(audit(harness, 'admin.user:password_reset_sent')[0]).toMatchObject({
      actor_name: 'sue',
      subject_name: 'tom',
    });
  });

  test('admin edits a user, blocks them, changes settings; the dashboard links to the lists', async ({
    harness,
  }) => {
    await seedUsers(harness.services, [
      { username: 'adam', role: 'admin' },
      { username: 'olivia', role: 'owner' },
      { username: 'lucy', role: 'member', lockedUntil: LOCKED_UNTIL },
      { username: 'tom', role: 'member', twoFactorMethod: 'email', blockingDate: '2026-03-05T00:00:00Z' },
    ]);
    const { page } = await harness.openWindow();
    await signIn(page, 'adam');
    await expect(page).toHaveURL(/#\/dashboard/);
    await expect(page.getByTestId('dash-lockedAccounts')).toContainText('1');
    await expect(page.getByTestId('dash-blockingSoon')).toContainText('1');
    await expect(page.getByTestId('dash-2fa-email')).toContainText('1');
    await expect(page.getByTestId('dashboard-chart')).toBeVisible();
    await harness.screenshot(page, 'admin-06-dashboard');
    await page.getByTestId('dash-blockingSoon').click();
    await expect(page.getByTestId('users-blocking-filter')).toBeVisible();
    await expect(page.locator('[data-testid^="user-row-"]')).toHaveCount(1);
    await expect(page.getByTestId('user-row-tom')).toBeVisible();

    // An admin cannot act on the owner: no actions offered.
    await page.getByTestId('users-blocking-filter').locator('.n-tag__close, .n-base-close').click();
    await page.getByTestId('user-actions-olivia').click();
    await expect(page.locator('.n-dropdown-option')).toHaveCount(0);
    await page.keyboard.press('Escape');

    await page.getByTestId('user-actions-tom').click();
    await page.getByText('Edit user', { exact: true }).click();
    await page.getByTestId('user-edit-phone').fill('+44 20 7946 0958');
    await page.getByTestId('user-edit-can-send-sms').click();
    await harness.screenshot(page, 'admin-07-edit');
    await page.getByTestId('user-edit-submit').click();
    await expect(page.getByText('Changes to tom were saved.')).toBeVisible();

    await page.getByTestId('user-actions-tom').click();
    await page.getByText('Block', { exact: true }).click();
    await page.getByTestId('confirm-action').click();
    await expect(page.getByTestId('user-status-tom')).toHaveText('Blocked');

    await page.getByTestId('nav-settings').click();
    await page.getByTestId('auth-lockoutMinutes').fill('30');
    await page.getByTestId('auth-settings-save').click();
    await expect(page.getByText('Authentication settings saved.')).toBeVisible();
    await page.getByTestId('settings-tab-password').click();
    await page.getByTestId('policy-minLength').fill('14');
    // The organisation's name joins the product's among the words a password may not lean on.
    await expect(page.getByTestId('policy-context-words')).toContainText('portcullis');
    await page.getByTestId('policy-add-word').click();
    await page.getByTestId('policy-context-word').fill('Acme');
    await page.getByTestId('policy-context-word').press('Enter');
    await page.getByTestId('policy-settings-save').click();
    await expect(page.getByText('Password policy saved.')).toBeVisible();
    await harness.screenshot(page, 'admin-08-settings');
    expect((await harness.services.container.services.settings.auth()).lockoutMinutes).toBe(30);
    expect(await harness.services.container.services.settings.passwordPolicySettings()).toMatchObject({
      minLength: 14,
      contextWords: ['portcullis', 'acme'],
    });
    const updated = audit(harness, 'admin.user:updated')[0];
    expect(JSON.parse(updated?.details ?? '{}')).toMatchObject({
      after: { phone: '+442079460958', can_send_sms: 1 },
    });
  });
});
