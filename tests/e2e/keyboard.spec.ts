import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { SUE, laptop, seedDirectory } from './a11y-pages';

/** The data-testid of the focused element (or of the input's own hook), '' when none. */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');
}

/**
 * Presses Tab (Shift+Tab with `back`) until the element with `testid` has the focus; fails after
 * 80 presses. The only way the story moves between controls.
 */
async function tabTo(page: Page, testid: string, back = false): Promise<void> {
  for (let i = 0; i < 80; i++) {
    if ((await focused(page)) === testid) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${testid} (focus is on "${await focused(page)}").`);
}

test('support disables a locked-out user’s two-factor authentication with the keyboard alone', async ({
  harness,
}) => {
  await seedDirectory(harness);
  const { page } = await harness.openWindow();
  await laptop(page);
  await expect(page.getByTestId('signin-login')).toBeVisible();

  // Sign in: Tab to each box, type, Enter submits.
  await tabTo(page, 'signin-login');
  await page.keyboard.type(SUE.username);
  await tabTo(page, 'signin-password');
  await page.keyboard.type(SUE.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/dashboard/);

  // The sidebar link to Users opens with Enter.
  await tabTo(page, 'nav-users');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/users/);

  // Find Anna by typing in the search box.
  await tabTo(page, 'users-search');
  await page.keyboard.type('anna');
  await expect(page.getByTestId('users-table')).not.toContainText('boris');
  await expect(page.getByTestId('user-2fa-anna')).toContainText('Authenticator app');

  // Her row opens with Space on its expand button and shows the details that do not fit the row.
  await tabTo(page, 'user-expand-anna');
  await expect(page.getByTestId('user-expand-anna')).toHaveAttribute('aria-expanded', 'false');
  await page.keyboard.press('Space');
  await expect(page.getByTestId('user-details-anna')).toContainText('+447700900123');
  await expect(page.getByTestId('user-expand-anna')).toHaveAttribute('aria-expanded', 'true');

  // Her actions menu: Enter opens it, arrows move, Enter picks "Disable two-factor authentication".
  await tabTo(page, 'user-actions-anna');
  await page.keyboard.press('Enter');
  const menu = page.locator('.n-dropdown-menu');
  await expect(menu).toBeVisible();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('ArrowDown');
    const current = menu.locator('.n-dropdown-option-body--pending');
    if ((await current.textContent())?.trim() === 'Disable two-factor authentication') break;
  }
  await page.keyboard.press('Enter');

  // The dialog names her, says what happens, and has the focus in the reason box.
  const dialog = page.getByTestId('disable-2fa-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('disable-2fa-identity')).toContainText('anna@example.com');
  await expect(dialog.getByTestId('disable-2fa-consequences')).toContainText('backup codes stop working');
  await expect(dialog.getByTestId('disable-2fa-confirm')).toBeDisabled();
  await expect(dialog.getByTestId('disable-2fa-why-disabled')).toContainText('Enter the reason');
  expect(await focused(page)).toBe('disable-2fa-reason');

  // Escape closes it and nothing changes; open it again the same way.
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('user-2fa-anna')).toContainText('Authenticator app');
  await tabTo(page, 'user-actions-anna', true);
  await page.keyboard.press('Enter');
  await expect(menu).toBeVisible();
  for (let i = 0; i < 10; i++) {
    await page.keyboard.press('ArrowDown');
    const current = menu.locator('.n-dropdown-option-body--pending');
    if ((await current.textContent())?.trim() === 'Disable two-factor authentication') break;
  }
  await page.keyboard.press('Enter');
  await expect(dialog).toBeVisible();

  await page.keyboard.type('Lost phone; identity checked by video call');
  await tabTo(page, 'disable-2fa-confirm');
  await page.keyboard.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('user-2fa-anna')).toContainText('Off');
  await expect(page.locator('.n-message')).toContainText('Two-factor authentication is off for anna');
  expect(harness.auditCodes()).toContain('user.2fa:disabled_by_admin');
});
