import { generate } from 'otplib';
import { test, expect } from './fixtures';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { generatedUsers, seedUsers } from '../support/admin-fixtures';
import { auditRows as audit, signInAs as signIn } from './stories';

const LOCKED_UNTIL = '2026-03-02T10:00:00Z';

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
});
