import { generate } from 'otplib';
import { test, expect, type Harness } from './fixtures';
import type { Page } from '@playwright/test';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { generatedUsers, seedUsers, SEED_PASSWORD } from '../support/admin-fixtures';

const LOCKED_UNTIL = '2026-03-02T10:00:00Z';

async function signIn(page: Page, login: string, password = SEED_PASSWORD): Promise<void> {
  await page.getByTestId('signin-login').fill(login);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
}

function audit(harness: Harness, code: string) {
  return harness.services.container.database.sqlite
    .prepare('SELECT actor_name, subject_name, details FROM audit_events WHERE code = ? ORDER BY id')
    .all(code) as { actor_name: string | null; subject_name: string | null; details: string }[];
}

test.describe('administration', () => {
  test('with 100,000 users: search as you type, filter by status and 2FA, sort and page', async ({
    harness,
  }) => {
    test.setTimeout(300_000);
    await seedUsers(harness.services, [{ username: 'sue', role: 'support', displayName: 'Sue Support' }]);
    const generated = generatedUsers(100_000, LOCKED_UNTIL);
    await seedUsers(harness.services, generated);
    const graces = generated.filter((u) => u.username.startsWith('grace.olsen4')).map((u) => u.username);
    const phone = generated.filter((u) => u.phone?.startsWith('+4420700451'));
    const locked = generated.filter((u) => u.lockedUntil !== null);
    const lockedOff = locked.filter((u) => u.twoFactorMethod === null);
    const lockedSms = locked.filter((u) => u.twoFactorMethod === 'sms');
    const byEmailDesc = lockedOff
      .map((u) => u.email ?? '')
      .sort()
      .reverse();
    const fmt = (n: number) => `${n.toLocaleString('en-US')} ${n === 1 ? 'user' : 'users'}`;
    const { page } = await harness.openWindow();
    await signIn(page, 'sue');
    await page.getByTestId('nav-users').click();
    await expect(page.getByTestId('users-total')).toHaveText('100,001 users');

    // Typing narrows the table at once; the renderer only ever holds one page.
    const search = page.getByTestId('users-search');
    await search.pressSequentially('grace.olsen4', { delay: 30 });
    await expect(page.getByTestId('users-total')).toHaveText(`${graces.length} users`);
    await expect(page.getByTestId(`user-row-${graces.sort()[0]}`)).toBeVisible();
    await expect(page.locator('[data-testid^="user-row-"]')).toHaveCount(Math.min(20, graces.length));
    await harness.screenshot(page, 'admin-01-search');

    // A broad search is capped: the table asks for more letters.
    await search.fill('g');
    await expect(page.getByTestId('users-total')).toContainText('More than 1,000 matches');
    // By phone, typed with spaces.
    await search.fill('+44 20 7004 51');
    await expect(page.getByTestId('users-total')).toHaveText(`${phone.length} users`);
    await expect(page.getByTestId(`user-row-${phone[0]?.username ?? ''}`)).toBeVisible();
    await search.fill('');
    await expect(page.getByTestId('users-total')).toHaveText('100,001 users');

    // Locked accounts (about 2% of the generated users).
    await page.getByTestId('users-status-filter').click();
    await page.locator('.n-base-select-option', { hasText: /^Locked$/ }).click();
    await expect(page.getByTestId('users-total')).toHaveText(fmt(locked.length));
    await expect(page.locator('[data-testid^="user-status-"]').first()).toHaveText('Locked');
    // ... with SMS two-factor: nobody.
    await page.getByTestId('users-2fa-filter').click();
    await page.locator('.n-base-select-option', { hasText: /^SMS code$/ }).click();
    expect(lockedSms).toHaveLength(0);
    await expect(page.getByTestId('users-total')).toHaveText('0 users');
    await expect(page.getByText('No users found')).toBeVisible();
    // ... without 2FA.
    await page.getByTestId('users-2fa-filter').click();
    await page.locator('.n-base-select-option', { hasText: /^2FA off$/ }).click();
    await expect(page.getByTestId('users-total')).toHaveText(fmt(lockedOff.length));
    await expect(page.locator('[data-testid^="user-2fa-"]').first()).toHaveText('Off');

    // Sorting by email descending, then the next page.
    await page.getByRole('columnheader', { name: 'Email' }).click();
    await page.getByRole('columnheader', { name: 'Email' }).click();
    const firstRow = page.locator('[data-testid^="user-row-"]').first();
    const first = await firstRow.getAttribute('data-testid');
    expect(first).toBe(`user-row-${(byEmailDesc[0] ?? '').split('@')[0] ?? ''}`);
    await page.locator('.n-pagination-item', { hasText: /^2$/ }).click();
    await expect(firstRow).not.toHaveAttribute('data-testid', first ?? '');
    await expect(page.locator('[data-testid^="user-row-"]')).toHaveCount(20);
    await harness.screenshot(page, 'admin-02-filters');
  });

  test('support finds a locked user, unlocks them and disables their 2FA; they sign in with the password alone', async ({
    harness,
  }) => {
    const { twoFactor } = harness.services.container.services;
    await seedUsers(harness.services, [
      { username: 'olivia', role: 'owner', displayName: 'Olivia Owner' },
      { username: 'sue', role: 'support', displayName: 'Sue Support' },
      { username: 'lucy', role: 'member', displayName: 'Lucy Lockwood', lockedUntil: LOCKED_UNTIL },
    ]);
    const lucyRow = await harness.services.container.repositories.users.findByLogin('lucy');
    if (!lucyRow) throw new Error('lucy is missing');
    const setup = await twoFactor.startTotp(lucyRow);
    const epoch = Math.floor(harness.services.clock.now().getTime() / 1000);
    await twoFactor.confirm(
      lucyRow,
      await generate({ secret: setup.key.replace(/ /g, ''), epoch }),
      CLI_CLIENT,
    );

    // Lucy is locked out.
    const lucy = await harness.openWindow({ ip: '81.2.69.142' });
    await signIn(lucy.page, 'lucy');
    await expect(lucy.page.getByTestId('signin-error')).toContainText(/locked/i);

    // Sue finds her, unlocks her (after confirming) and disables her 2FA with a reason.
    const sue = await harness.openWindow();
    await signIn(sue.page, 'sue');
    await sue.page.getByTestId('nav-users').click();
    await sue.page.getByTestId('users-search').fill('lockw');
    await expect(sue.page.getByTestId('users-total')).toHaveText('1 user');
    await expect(sue.page.getByTestId('user-status-lucy')).toHaveText('Locked');
    await expect(sue.page.getByTestId('user-2fa-lucy')).toContainText('Authenticator app');
    // Support cannot block or edit: those actions are not offered.
    await sue.page.getByTestId('user-actions-lucy').click();
    await expect(sue.page.getByText('Block', { exact: true })).toHaveCount(0);
    await expect(sue.page.getByText('Edit user', { exact: true })).toHaveCount(0);
    await sue.page.getByText('Unlock', { exact: true }).click();
    await expect(sue.page.getByText('Unlock lucy? The failed-attempt counter is cleared.')).toBeVisible();
    await harness.screenshot(sue.page, 'admin-03-confirm-unlock');
    await sue.page.getByTestId('confirm-action').click();
    await expect(sue.page.getByTestId('user-status-lucy')).toHaveText('Active');

    await sue.page.getByTestId('user-actions-lucy').click();
    await sue.page.getByText('Disable two-factor authentication', { exact: true }).click();
    await sue.page.getByTestId('disable-2fa-reason').fill('Lost her phone, identity checked by video call');
    await sue.page.getByTestId('disable-2fa-confirm').click();
    await expect(sue.page.getByTestId('user-2fa-lucy')).toHaveText('Off');
    await harness.screenshot(sue.page, 'admin-04-support-done');

    // Lucy signs in with her password alone.
    await signIn(lucy.page, 'lucy');
    await expect(lucy.page).toHaveURL(/#\/my-security/);

    // The audit log names the operator for both actions.
    expect(audit(harness, 'admin.user:unlocked')).toEqual([
      expect.objectContaining({ actor_name: 'sue', subject_name: 'lucy' }),
    ]);
    const disabled = harness.services.container.database.sqlite
      .prepare(
        "SELECT actor_name, subject_name FROM audit_events WHERE code LIKE '%2fa:disabled%' ORDER BY id DESC",
      )
      .get() as { actor_name: string; subject_name: string };
    expect(disabled).toEqual({ actor_name: 'sue', subject_name: 'lucy' });
  });

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
