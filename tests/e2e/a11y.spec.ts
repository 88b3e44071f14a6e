import { writeFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Page, TestInfo } from '@playwright/test';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { test, expect } from './fixtures';
import { OWNER_SCREENS, SUE, laptop, seedDirectory, signInOwner } from './a11y-pages';
import { submitSignIn } from './stories';

/** The owner's screens checked again in the dark theme, in two tests. */
const DARK_GROUPS: readonly (readonly string[])[] = [
  ['dashboard', 'users', 'users-expanded-row', 'users-disable-2fa-dialog', 'audit'],
  ['settings-auth', 'settings-mail', 'outbox', 'my-security', 'review', 'sessions'],
];

type Impact = 'minor' | 'moderate' | 'serious' | 'critical';
const IMPACTS: readonly Impact[] = ['critical', 'serious', 'moderate', 'minor'];

/**
 * Waits until no colour is still fading (a theme switch re-renders Naive's styles a frame or two
 * later, then CSS transitions run): axe would measure colours half-way. Spinners (infinite
 * animations) are not waited for.
 */
async function settled(page: Page): Promise<void> {
  await page.evaluate(async () => {
    const frame = () =>
      new Promise((r) => {
        requestAnimationFrame(() => {
          r(undefined);
        });
      });
    for (let i = 0; i < 50; i++) {
      await frame();
      await frame();
      const running = document
        .getAnimations()
        .filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity);
      if (running.length === 0) return;
      await Promise.all(running.map((a) => a.finished.catch(() => undefined)));
    }
  });
}

/**
 * Runs axe (WCAG 2.1 A/AA) on the page as it stands, prints the counts by impact and attaches the
 * full result; returns the serious and critical violations (rule, help, the first nodes).
 */
async function audit(page: Page, name: string, testInfo: TestInfo): Promise<string[]> {
  await settled(page);
  const result = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const counts = Object.fromEntries(IMPACTS.map((i) => [i, 0])) as Record<Impact, number>;
  for (const v of result.violations) if (v.impact) counts[v.impact] += v.nodes.length;
  console.log(
    `axe ${name.padEnd(26)} ${IMPACTS.map((i) => `${i} ${String(counts[i])}`).join(', ')}` +
      ` (${String(result.passes.length)} rules passed)`,
  );
  const file = testInfo.outputPath(`axe-${name}.json`);
  writeFileSync(file, JSON.stringify(result.violations, null, 2));
  await testInfo.attach(`axe-${name}.json`, { path: file, contentType: 'application/json' });
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${name}: ${v.id} (${String(v.impact)}) ${v.help}: ` +
        v.nodes
          .slice(0, 3)
          .map((n) => n.target.join(' '))
          .join(' | '),
    );
}

/** Switches the window to the dark theme the way the OS does (the app follows 'system'). */
async function dark(page: Page): Promise<void> {
  await page.emulateMedia({ colorScheme: 'dark' });
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
}

test.describe('accessibility: axe on every page', () => {
  test('sign-in and first-run setup', async ({ harness }, testInfo) => {
    const { page } = await harness.openWindow();
    await laptop(page);
    await expect(page).toHaveURL(/#\/setup/);
    await expect(page.getByTestId('setup-username')).toBeVisible();
    const found = await audit(page, 'setup', testInfo);
    await seedDirectory(harness);
    const { page: signIn } = await harness.openWindow();
    await laptop(signIn);
    await expect(signIn.getByTestId('signin-login')).toBeVisible();
    found.push(...(await audit(signIn, 'sign-in', testInfo)));
    await signIn.getByTestId('signin-forgot').click();
    await expect(signIn.locator('input:visible').first()).toBeVisible();
    found.push(...(await audit(signIn, 'sign-in-forgot-password', testInfo)));
    await dark(signIn);
    found.push(...(await audit(signIn, 'sign-in-forgot-password (dark)', testInfo)));
    expect(found).toEqual([]);
  });

  // Four groups of the owner's pages (one test each keeps every test short).
  const groups = [0, 1, 2, 3].map((g) => OWNER_SCREENS.filter((_, i) => i % 4 === g));
  for (const [g, screens] of groups.entries())
    test(`owner pages, part ${String(g + 1)}: ${screens.map((s) => s.name).join(', ')}`, async ({
      harness,
    }, testInfo) => {
      await seedDirectory(harness);
      const page = await signInOwner(harness);
      await laptop(page);
      const found: string[] = [];
      for (const screen of screens) {
        await screen.open(page);
        found.push(...(await audit(page, screen.name, testInfo)));
        await page.keyboard.press('Escape');
      }
      expect(found).toEqual([]);
    });

  // The dark theme on the screens that together show every component style: cards and the chart,
  // tables with tags and expanded rows, filters, a modal with a form, tabs, switches and inputs,
  // the date-range picker, the outbox statuses, My security and the review page.
  for (const [g, names] of DARK_GROUPS.entries())
    test(`dark theme, part ${String(g + 1)}: ${names.join(', ')}`, async ({ harness }, testInfo) => {
      await seedDirectory(harness);
      const page = await signInOwner(harness);
      await laptop(page);
      await dark(page);
      const found: string[] = [];
      for (const screen of OWNER_SCREENS.filter((s) => names.includes(s.name))) {
        await screen.open(page);
        await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
        found.push(...(await audit(page, `${screen.name} (dark)`, testInfo)));
        await page.keyboard.press('Escape');
      }
      expect(found).toEqual([]);
    });

  test('support, and the state where 2FA is required first', async ({ harness }, testInfo) => {
    await seedDirectory(harness);
    const { page } = await harness.openWindow();
    await laptop(page);
    await submitSignIn(page, SUE);
    await expect(page).not.toHaveURL(/#\/sign-in/);
    await page.goto(`${page.url().split('#')[0] ?? ''}#/users`);
    await expect(page.getByTestId('users-table')).toContainText('anna');
    // The filters have visible labels tied to their controls (the accessible name is the label).
    for (const [testId, label] of [
      ['users-role-filter', 'Role'],
      ['users-status-filter', 'Status'],
      ['users-2fa-filter', 'Two-factor authentication'],
    ] as const) {
      await expect(page.getByText(label, { exact: true }).first()).toBeVisible();
      await expect(page.getByTestId(testId).getByLabel(label, { exact: true })).toBeVisible();
    }
    await expect(page.getByLabel('Search', { exact: true })).toHaveAttribute('data-testid', 'users-search');
    const found = await audit(page, 'users-as-support', testInfo);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();

    const { settings } = harness.services.container.services;
    await settings.saveAuth(
      { ...(await settings.auth()), twoFactorRequiredRoles: ['support'] },
      { actor: null, client: CLI_CLIENT },
    );
    await submitSignIn(page, SUE);
    await expect(page.getByTestId('two-factor-required')).toBeVisible();
    found.push(...(await audit(page, 'my-security-2fa-required', testInfo)));
    expect(found).toEqual([]);
  });
});
