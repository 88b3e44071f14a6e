import type { Page, TestInfo } from '@playwright/test';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { test, expect } from './fixtures';
import { OWNER_SCREENS, SUE, laptop, seedDirectory, signInOwner } from './a11y-pages';
import { submitSignIn } from './stories';

/** What sticks out of the window or its table on this page: cut columns and controls, by name. */
async function cutOff(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const problems: string[] = [];
    const width = window.innerWidth;
    const label = (el: Element) =>
      (el.getAttribute('data-testid') ?? el.getAttribute('aria-label') ?? (el.textContent || el.tagName))
        .trim()
        .slice(0, 40);
    const visible = (el: Element) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.height > 0 && getComputedStyle(el).visibility !== 'hidden';
    };
    // The page itself never scrolls sideways.
    for (const el of [document.documentElement, ...Array.from(document.querySelectorAll('main'))])
      if (el.scrollWidth > el.clientWidth + 1)
        problems.push(
          `${el.tagName.toLowerCase()} is ${String(el.scrollWidth - el.clientWidth)} px too wide`,
        );
    // Every column header lies inside its table's visible area (the table fits; nothing to scroll to).
    for (const table of Array.from(document.querySelectorAll('.n-data-table'))) {
      if (!visible(table)) continue;
      const box = table.getBoundingClientRect();
      for (const th of Array.from(table.querySelectorAll('thead th'))) {
        const r = th.getBoundingClientRect();
        if (r.right > Math.min(box.right, width) + 1 || r.left < box.left - 1)
          problems.push(`column "${label(th)}" is cut (${String(Math.round(r.right - box.right))} px)`);
      }
    }
    // Controls lie inside the window.
    for (const el of Array.from(
      document.querySelectorAll('button, input, textarea, a[href], [role="switch"]'),
    )) {
      if (!visible(el)) continue;
      const r = el.getBoundingClientRect();
      if (r.right > width + 1 || r.left < -1) problems.push(`control "${label(el)}" is outside the window`);
    }
    return problems;
  });
}

/** Saves the page at 1366 × 768 as an artifact of this test, then lists what is cut on it. */
async function shoot(page: Page, name: string, testInfo: TestInfo): Promise<string[]> {
  await page.mouse.move(0, 0);
  const file = testInfo.outputPath(`${name}.png`);
  await page.screenshot({ path: file });
  await testInfo.attach(name, { path: file, contentType: 'image/png' });
  return (await cutOff(page)).map((p) => `${name}: ${p}`);
}

test.describe('every page at 1366 × 768: screenshots and nothing cut', () => {
  test('setup, sign-in and the state where 2FA is required first', async ({ harness }, testInfo) => {
    const { page } = await harness.openWindow();
    await laptop(page);
    await expect(page.getByTestId('setup-username')).toBeVisible();
    const cut = await shoot(page, 'setup', testInfo);
    await seedDirectory(harness);
    const { settings } = harness.services.container.services;
    await settings.saveAuth(
      { ...(await settings.auth()), twoFactorRequiredRoles: ['support'] },
      { actor: null, client: CLI_CLIENT },
    );
    const { page: sue } = await harness.openWindow();
    await laptop(sue);
    await expect(sue.getByTestId('signin-login')).toBeVisible();
    cut.push(...(await shoot(sue, 'sign-in', testInfo)));
    await submitSignIn(sue, SUE);
    await expect(sue.getByTestId('two-factor-required')).toBeVisible();
    cut.push(...(await shoot(sue, 'my-security-2fa-required', testInfo)));
    expect(cut).toEqual([]);
  });

  const groups = [0, 1, 2].map((g) => OWNER_SCREENS.filter((_, i) => i % 3 === g));
  for (const [g, screens] of groups.entries())
    test(`owner pages, part ${String(g + 1)}: ${screens.map((s) => s.name).join(', ')}`, async ({
      harness,
    }, testInfo) => {
      await seedDirectory(harness);
      const page = await signInOwner(harness);
      await laptop(page);
      const cut: string[] = [];
      for (const screen of screens) {
        await screen.open(page);
        cut.push(...(await shoot(page, screen.name, testInfo)));
        await page.keyboard.press('Escape');
      }
      expect(cut).toEqual([]);
    });
});
