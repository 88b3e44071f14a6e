import type { Page } from '@playwright/test';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { OWNER, person } from '../support/people';
import { seedUsers } from '../support/admin-fixtures';
import { expect, type Harness } from './fixtures';
import { codeAt, seedOwnerAndMike, submitSignIn } from './stories';

/** Sue, the support agent the accessibility, keyboard and screenshot stories sign in as. */
export const SUE = person('sue', 'Sue Support', 'support desk password');

/** One screen of the app the page-by-page checks visit: how to get there from a signed-in window. */
export interface AppScreen {
  name: string;
  /** Opens the screen and waits until it has loaded. */
  open(page: Page): Promise<void>;
}

/** Owner, Mike, Sue (support) and a few seeded people with 2FA, locked and blocked states. */
export async function seedDirectory(harness: Harness): Promise<void> {
  await seedOwnerAndMike(harness);
  const { users } = harness.services.container.services;
  await users.create(
    { ...SUE, role: 'support', phone: null, canChangePassword: true, canSendSms: false },
    null,
    CLI_CLIENT,
  );
  await seedUsers(harness.services, [
    { username: 'anna', displayName: 'Anna Smith', phone: '+447700900123' },
    { username: 'boris', displayName: 'Boris Ivanova', status: 'blocked' },
    { username: 'chen', displayName: 'Chen Garcia' },
  ]);
  // Anna turned on the authenticator app (through the service, so support can turn it off again).
  const anna = await harness.services.container.repositories.users.findByLogin('anna');
  if (!anna) throw new Error('anna is missing');
  const { twoFactor } = harness.services.container.services;
  const setup = await twoFactor.startTotp(anna);
  await twoFactor.confirm(anna, await codeAt(harness, setup.key.replace(/ /g, '')), CLI_CLIENT);
}

/** Opens a route by its hash and waits for the page's title in the header. */
async function go(page: Page, hash: string, ready: string): Promise<void> {
  await page.goto(`${page.url().split('#')[0] ?? ''}#/${hash}`);
  await expect(page.getByTestId(ready).first()).toBeVisible();
}

/** The screens an owner can open, each loaded and settled. */
export const OWNER_SCREENS: readonly AppScreen[] = [
  { name: 'dashboard', open: (p) => go(p, 'dashboard', 'dash-2fa') },
  {
    name: 'users',
    open: async (p) => {
      await go(p, 'users', 'users-table');
      await expect(p.getByTestId('users-table')).toContainText('anna@example.com');
    },
  },
  {
    name: 'users-expanded-row',
    open: async (p) => {
      await go(p, 'users', 'users-table');
      await p.getByTestId('user-expand-anna').click();
      await expect(p.getByTestId('user-details-anna')).toBeVisible();
    },
  },
  {
    name: 'users-disable-2fa-dialog',
    open: async (p) => {
      await go(p, 'users', 'users-table');
      await p.getByTestId('user-actions-anna').click();
      await p.getByTestId('row-action-disable2fa').click();
      await expect(p.getByTestId('disable-2fa-dialog')).toBeVisible();
    },
  },
  {
    name: 'users-add-dialog',
    open: async (p) => {
      await go(p, 'users', 'users-table');
      await p.getByTestId('users-add').click();
      await expect(p.getByTestId('user-form-username')).toBeVisible();
    },
  },
  { name: 'sessions', open: (p) => go(p, 'sessions', 'all-sessions-table') },
  { name: 'tokens', open: (p) => go(p, 'tokens', 'all-tokens-table') },
  {
    name: 'audit',
    open: async (p) => {
      await go(p, 'audit', 'audit-table');
      await expect(p.getByTestId('audit-table')).toContainText('olivia');
    },
  },
  { name: 'outbox', open: (p) => go(p, 'outbox', 'outbox-table') },
  ...(['auth', 'password', 'mail', 'sms', 'services'] as const).map((tab): AppScreen => ({
    name: `settings-${tab}`,
    open: async (p) => {
      await go(p, 'settings', 'settings-tabs');
      await p.getByTestId(`settings-tab-${tab}`).click();
      await expect(p.locator('.n-tab-pane:visible').first()).toBeVisible();
      await expect(p.locator('.n-spin').filter({ visible: true })).toHaveCount(0);
    },
  })),
  { name: 'my-security', open: (p) => go(p, 'my-security', 'auth-settings') },
  { name: 'review', open: (p) => go(p, 'review', 'review-open') },
];

/** Signs the owner in (the window lands on the dashboard). */
export async function signInOwner(harness: Harness): Promise<Page> {
  const { page } = await harness.openWindow();
  await submitSignIn(page, OWNER);
  await expect(page).toHaveURL(/#\/dashboard/);
  return page;
}

/** Sets the width and height every page is checked at (the review's laptop screen). */
export async function laptop(page: Page): Promise<void> {
  await page.setViewportSize({ width: 1366, height: 768 });
}
