import { CLI_CLIENT } from '../../electron/main/services/context';
import { test, expect } from './fixtures';
import { OWNER, person } from '../support/people';
import { submitSignIn } from './stories';

const SAM = person('sam', 'Sam Support', 'support desk password');

test('a role that must use 2FA sees only its own page until 2FA is on, in the UI and in main', async ({
  harness,
}) => {
  const { auth, users, settings } = harness.services.container.services;
  await auth.createOwnerAccount(OWNER, CLI_CLIENT);
  await users.create(
    { ...SAM, role: 'support', phone: null, canChangePassword: true, canSendSms: false },
    null,
    CLI_CLIENT,
  );
  await settings.saveAuth(
    { ...(await settings.auth()), twoFactorRequiredRoles: ['support'] },
    { actor: null, client: CLI_CLIENT },
  );

  const { page } = await harness.openWindow();
  await submitSignIn(page, SAM);
  await expect(page).toHaveURL(/#\/my-security/);
  await expect(page.getByTestId('two-factor-required')).toContainText('requires two-factor authentication');
  // The sidebar lists only My security; typing another page's address lands there too.
  await expect(page.getByTestId('nav-my-security')).toBeVisible();
  await expect(page.getByTestId('nav-users')).toHaveCount(0);
  await expect(page.getByTestId('nav-dashboard')).toHaveCount(0);
  await page.goto(`${page.url().split('#')[0] ?? ''}#/users`);
  await expect(page).toHaveURL(/#\/my-security/);
  // Main refuses it too, whatever the renderer does.
  const direct = await page.evaluate(() => window.portcullis.users.list({}));
  expect(direct).toMatchObject({ ok: false, code: 'two_factor_required' });
  await harness.screenshot(page, 'tfa-required-01');

  // Sam turns on email codes; the restriction lifts at once.
  await page.getByTestId('tfa-method').click();
  await page
    .locator('.n-base-select-option')
    .filter({ hasText: /^Email$/ })
    .click();
  await page.getByTestId('tfa-send-email').click();
  const code = await harness.mail.waitForCode({ to: SAM.email, subjectIncludes: 'verification code' });
  await page.getByTestId('tfa-code').fill(code);
  await page.getByTestId('tfa-enable').click();
  await page.getByTestId('tfa-backup-confirm').click();
  await page.getByTestId('tfa-backup-done').click();
  await expect(page.getByTestId('two-factor-required')).toHaveCount(0);
  await page.getByTestId('nav-users').click();
  await expect(page).toHaveURL(/#\/users/);
  await expect(page.getByTestId('users-table')).toContainText(SAM.email);
});
