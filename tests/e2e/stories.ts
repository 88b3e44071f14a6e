import type { Page } from '@playwright/test';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { MIKE, OWNER } from '../support/people';
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
