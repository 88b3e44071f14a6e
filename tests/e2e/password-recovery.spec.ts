import type { Page } from '@playwright/test';
import { totpCode } from '../../electron/main/security/totp';
import { windowCaller } from '../support/services';
import { test, expect, type Harness } from './fixtures';
import { MIKE, OWNER } from '../support/people';
import { seedOwnerAndMike, submitSignIn } from './stories';

const NEW_PASSWORD = 'a fresh and rather long passphrase 7';

/** Calls main the way a window would (for setup steps the story does not show). */
function direct(harness: Harness, key: string) {
  const { caller } = windowCaller(key);
  return (channel: string, payload?: unknown) =>
    harness.services.container.pipeline.dispatch(caller, channel, payload);
}

/** Turns on the authenticator app for MIKE; returns its secret. */
async function withAuthenticator(harness: Harness): Promise<string> {
  const call = direct(harness, 'setup');
  await call('auth:signIn', { login: MIKE.username, password: MIKE.password });
  const started = (await call('twoFactor:startTotp')) as { ok: true; value: { key: string } };
  const secret = started.value.key.replace(/ /g, '');
  await call('twoFactor:confirm', { code: await totpCode(secret, harness.services.clock.now().getTime()) });
  await call('auth:signOut');
  harness.services.clock.advance(30_000); // the next code comes from a later time step
  return secret;
}

/** "Forgot your password?" -> username -> the code from the email; leaves the page on the next step. */
async function requestAndEnterCode(harness: Harness, page: Page): Promise<string> {
  await page.getByTestId('signin-forgot').click();
  await page.getByTestId('recovery-login').fill(MIKE.username);
  await page.getByTestId('recovery-send').click();
  await expect(page.getByTestId('recovery-sent')).toHaveText(
    'If an account matches, we sent a code to its email address.',
  );
  const mail = await harness.mail.waitForMessage({
    to: MIKE.email,
    subjectIncludes: 'Reset your Portcullis password',
  });
  const code = /\b(\d{6})\b/.exec(mail.text)?.[1] ?? '';
  expect(mail.text).toContain('It expires in 10 minutes');
  await page.getByTestId('recovery-code').fill(code);
  await page.getByTestId('recovery-code-submit').click();
  return code;
}

async function setNewPassword(page: Page) {
  await page.getByTestId('recovery-new-password').fill(NEW_PASSWORD);
  await expect(page.getByTestId('password-strength')).not.toHaveAttribute('data-score', '');
  await page.getByTestId('recovery-confirm-password').fill(NEW_PASSWORD);
  await page.getByTestId('recovery-save').click();
  await expect(page.getByTestId('recovery-done')).toBeVisible();
}

test.describe('forgot your password?', () => {
  test.describe.configure({ timeout: 120_000 });

  test('ask for a code, get it by email, choose a new password: signed in, the old sessions ended, the emails checked', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness, { canSendSms: true });
    const old = await harness.openWindow({ ip: '81.2.69.142' });
    await submitSignIn(old.page, MIKE);
    await expect(old.page).not.toHaveURL(/sign-in/);

    const { page } = await harness.openWindow({ ip: '81.2.69.142' });
    await requestAndEnterCode(harness, page);
    await harness.screenshot(page, 'recovery-01-new-password');
    await setNewPassword(page);

    // The old session ended: its window is back on sign-in.
    await expect(old.page).toHaveURL(/sign-in/);
    // Signed in with the new password; the old one no longer works.
    await submitSignIn(page, { username: MIKE.username, password: NEW_PASSWORD });
    await expect(page).not.toHaveURL(/sign-in/);
    const changed = await harness.mail.waitForMessage({
      to: MIKE.email,
      subjectIncludes: 'password was changed',
    });
    expect(changed.text).toContain('The password of your account was changed');
    expect(`${changed.text}${changed.html}`).not.toContain(NEW_PASSWORD);
    expect(harness.auditCodes()).toEqual(
      expect.arrayContaining(['user.password:reset_requested', 'user.password:changed', 'user:logged_in']),
    );
    const again = await harness.openWindow();
    await submitSignIn(again.page, MIKE);
    await expect(again.page.getByTestId('signin-error')).toBeVisible();
  });

  test('with the authenticator app on, the emailed code is not enough: the password changes only after a TOTP code', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness, { canSendSms: true });
    const secret = await withAuthenticator(harness);
    const { page } = await harness.openWindow();
    await requestAndEnterCode(harness, page);
    await expect(page.getByTestId('recovery-second')).toHaveAttribute('data-method', 'totp');
    await expect(page.getByTestId('recovery-new-password')).toHaveCount(0);
    await page.getByTestId('recovery-second-code').fill('000000');
    await page.getByTestId('recovery-second-submit').click();
    await expect(page.getByTestId('recovery-error')).toBeVisible();
    await harness.screenshot(page, 'recovery-02-second-factor');
    // Without the second factor nothing changed: the old password still passes the first step.
    const probe = await direct(harness, 'probe')('auth:signIn', {
      login: MIKE.username,
      password: MIKE.password,
    });
    expect(probe).toMatchObject({ ok: true, value: { status: 'second_step' } });
    expect(harness.auditCodes()).not.toContain('user.password:changed');

    await page
      .getByTestId('recovery-second-code')
      .fill(await totpCode(secret, harness.services.clock.now().getTime()));
    await page.getByTestId('recovery-second-submit').click();
    await setNewPassword(page);
    harness.services.clock.advance(30_000);
    await submitSignIn(page, { username: MIKE.username, password: NEW_PASSWORD });
    await page
      .getByTestId('second-step-code')
      .fill(await totpCode(secret, harness.services.clock.now().getTime()));
    await page.getByTestId('second-step-submit').click();
    await expect(page).not.toHaveURL(/sign-in/);
  });

  test('an administrator switches self-service recovery off: the sign-in screen says who to contact, and requests are refused alike', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness, { canSendSms: true });
    const admin = await harness.openWindow();
    await submitSignIn(admin.page, OWNER);
    await admin.page.getByTestId('nav-settings').click();
    await admin.page.getByTestId('settings-tab-auth').click();
    await admin.page.getByTestId('auth-self-service-recovery').click();
    await admin.page.getByTestId('auth-recovery-contact').fill('Call the IT help desk on extension 4242.');
    await admin.page.getByTestId('auth-settings-save').click();
    await expect(admin.page.getByText('Authentication settings saved.')).toBeVisible();

    const { page } = await harness.openWindow();
    await expect(page.getByTestId('recovery-contact')).toHaveText('Call the IT help desk on extension 4242.');
    await expect(page.getByTestId('signin-forgot')).toHaveCount(0);
    await harness.screenshot(page, 'recovery-03-off');
    const probe = direct(harness, 'probe-off');
    const answers = await Promise.all(
      [MIKE.username, 'nobody-at-all'].map(async (login) =>
        JSON.stringify(await probe('passwordReset:request', { login })),
      ),
    );
    expect(answers[0]).toBe(answers[1]);
    expect(answers[0]).toContain('permission_denied');
    // A code support sends still works: "I already have a reset code" stays.
    await expect(page.getByTestId('recovery-have-code')).toBeVisible();
  });
});
