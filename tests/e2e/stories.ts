import { expect, type Page } from '@playwright/test';
import { generate } from 'otplib';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { MIKE, OWNER } from '../support/people';
import { SEED_PASSWORD } from '../support/admin-fixtures';
import type { Harness } from './fixtures';

/** Creates the owner and Mike (a member without a phone) as the CLI would; Mike's rights default to password yes, SMS no. */
export async function seedOwnerAndMike(
  harness: Harness,
  mike: { canChangePassword?: boolean; canSendSms?: boolean } = {},
): Promise<void> {
  const { auth, users } = harness.services.container.services;
  await auth.createOwnerAccount(OWNER, CLI_CLIENT);
  await users.create(
    {
      ...MIKE,
      role: 'member',
      phone: null,
      canChangePassword: mike.canChangePassword ?? true,
      canSendSms: mike.canSendSms ?? false,
    },
    null,
    CLI_CLIENT,
  );
}

/** Fills in the sign-in form and submits it; the story checks where it lands. */
export async function submitSignIn(page: Page, who: { username: string; password: string }): Promise<void> {
  await page.getByTestId('signin-login').fill(who.username);
  await page.getByTestId('signin-password').fill(who.password);
  await page.getByTestId('signin-submit').click();
}

/** Signs out through the user menu. */
export async function signOut(page: Page): Promise<void> {
  await page.getByTestId('user-menu').click();
  await page.getByTestId('sign-out').click();
  await expect(page).toHaveURL(/#\/sign-in/);
}

/** Picks a method in the "Method of receiving the confirmation code" drop-down. */
export async function chooseMethod(page: Page, label: 'Authenticator app' | 'Email' | 'SMS'): Promise<void> {
  await page.getByTestId('tfa-method').click();
  await page
    .locator('.n-base-select-option')
    .filter({ hasText: new RegExp(`^${label}$`) })
    .click();
}

/** Ticks "codes are saved" and finishes the enabling flow. */
export async function finishBackupCodes(page: Page): Promise<void> {
  await expect(page.getByTestId('tfa-backup-code')).toHaveCount(10);
  await page.getByTestId('tfa-backup-confirm').click();
  await page.getByTestId('tfa-backup-done').click();
}

export const CODE_MAIL = 'verification code';

/** The code an authenticator app would show now (the app's clock is the harness clock). */
export function codeAt(harness: Harness, secret: string): Promise<string> {
  return generate({ secret, epoch: Math.floor(harness.services.clock.now().getTime() / 1000) });
}

/** Opens a window on `ip`, signs in and lands on My security. */
export async function signedIn(
  harness: Harness,
  who: { username: string; password: string },
  ip: string,
): Promise<Page> {
  const { page } = await harness.openWindow({ ip });
  await submitSignIn(page, who);
  await expect(page).not.toHaveURL(/#\/sign-in/);
  await page.goto(`${page.url().split('#')[0] ?? ''}#/my-security`);
  await expect(page.getByTestId('auth-settings')).toBeVisible();
  return page;
}

/** Signs in with a login and (by default) the seeded users' password. */
export async function signInAs(page: Page, login: string, password = SEED_PASSWORD): Promise<void> {
  await page.getByTestId('signin-login').fill(login);
  await page.getByTestId('signin-password').fill(password);
  await page.getByTestId('signin-submit').click();
}

/** Audit rows of one code, oldest first. */
export function auditRows(
  harness: Harness,
  code: string,
): { actor_name: string | null; subject_name: string | null; details: string }[] {
  return harness.services.container.database.sqlite
    .prepare('SELECT actor_name, subject_name, details FROM audit_events WHERE code = ? ORDER BY id')
    .all(code) as { actor_name: string | null; subject_name: string | null; details: string }[];
}
