import type { Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { SUE, laptop, seedDirectory } from './a11y-pages';

// Issue 17 item 4: the command palette (Ctrl+K) and the "?" shortcuts overlay, keyboard only,
// in the real window: the palette is mounted in AppLayout.vue and the users page opens the dialog
// that ?user=&action= asks for.

const testid = (page: Page) => page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? '');

async function signInSue(page: Page): Promise<void> {
  await laptop(page);
  await page.getByTestId('signin-login').fill(SUE.username);
  await page.getByTestId('signin-password').fill(SUE.password);
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(/#\/dashboard/);
}

test('Ctrl+K finds a person by part of the email and Enter opens the action on them; Escape gives focus back', async ({
  harness,
}) => {
  await seedDirectory(harness);
  const { page } = await harness.openWindow();
  await signInSue(page);

  // Escape closes the palette and focus goes back where it was.
  await page.getByTestId('nav-users').focus();
  await page.keyboard.press('Control+k');
  const palette = page.getByRole('dialog', { name: 'Find a person' });
  await expect(palette).toBeVisible();
  expect(await testid(page)).toBe('palette-input');
  await page.keyboard.press('Escape');
  await expect(palette).toBeHidden();
  expect(await testid(page)).toBe('nav-users');

  // Part of an email; the second row is "Turn off two-factor authentication for Anna Smith".
  await page.keyboard.press('Control+k');
  await page.keyboard.type('anna@exam');
  const box = page.getByRole('combobox', { name: 'Name, username or email' });
  await expect(page.getByRole('option', { name: /Open Anna Smith/ })).toBeVisible();
  await page.keyboard.press('ArrowDown');
  await expect(box).toHaveAttribute('aria-activedescendant', /disable2fa$/);
  await page.keyboard.press('Enter');
  await expect(palette).toBeHidden();
  await expect(page).toHaveURL(/#\/users\?user=\d+&action=disable2fa/);
  const dialog = page.getByTestId('disable-2fa-dialog');
  await expect(dialog).toBeVisible();
  await expect(dialog.getByTestId('disable-2fa-identity')).toContainText('anna@example.com');
});

test('"?" shows the shortcuts overlay; Escape closes it and focus returns', async ({ harness }) => {
  await seedDirectory(harness);
  const { page } = await harness.openWindow();
  await signInSue(page);
  await page.getByTestId('nav-users').focus();
  await page.keyboard.press('?');
  const overlay = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(overlay).toBeVisible();
  await expect(overlay).toContainText('Find a person and run a support action');
  await page.keyboard.press('Escape');
  await expect(overlay).toBeHidden();
  expect(await testid(page)).toBe('nav-users');
});
