import { test, expect } from './fixtures';
import { MIKE, OWNER } from '../support/people';
import { seedOwnerAndMike, submitSignIn } from './stories';

// Issue 17, "three languages end to end": the switch in the user menu, the page and Naive UI's
// own texts in Russian, the choice kept in the account, and an email in the recipient's language.

test.describe('languages', () => {
  test('switch to Russian in the user menu: the page, a code email and the next sign-in are in Russian', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness);
    const { page } = await harness.openWindow();
    // The browser says en-US: before anyone chose, Portcullis follows it.
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await submitSignIn(page, MIKE);
    await expect(page).toHaveURL(/#\/my-security/);
    await expect(page.getByRole('heading', { name: 'Two-factor authentication' }).first()).toBeVisible();

    await page.getByTestId('user-menu').click();
    await page.getByTestId('language-ru').click();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    // A few texts of the page, the menu and the window title, now in Russian.
    await expect(page.getByRole('heading', { name: 'Двухфакторная аутентификация' }).first()).toBeVisible();
    await expect(page.getByText('Смена пароля').first()).toBeVisible();
    await expect(page).toHaveTitle('Моя безопасность · Portcullis');
    await page.getByTestId('user-menu').click();
    await expect(page.getByTestId('sign-out')).toHaveText('Выйти');
    await expect(page.getByTestId('language-ru')).toContainText('Русский');
    await page.keyboard.press('Escape');
    await harness.screenshot(page, 'i18n-01-my-security-ru');

    // Naive UI's own texts follow: the method drop-down's options and an email code in Russian.
    await page.getByTestId('tfa-method').click();
    await page
      .locator('.n-base-select-option')
      .filter({ hasText: /^Электронная почта$/ })
      .click();
    await page.getByTestId('tfa-send-email').click();
    await expect(page.getByTestId('tfa-sent')).toContainText('Мы отправили код на m***@example.com');
    const mail = await harness.mail.waitForMessage({ to: MIKE.email, subjectIncludes: 'код подтверждения' });
    expect(mail.subject).toBe('Ваш код подтверждения Portcullis');
    expect(mail.text).toMatch(/[а-яё]{4}/i);

    // Kept in the account: a new window on another device starts in English (its OS), then
    // switches to Russian as soon as Mike is signed in.
    const other = await harness.openWindow({ ip: '81.2.69.142' });
    await expect(other.page.getByTestId('signin-submit')).toHaveText('Sign in');
    await submitSignIn(other.page, MIKE);
    await expect(other.page.locator('html')).toHaveAttribute('lang', 'ru');
    await expect(other.page).toHaveTitle('Моя безопасность · Portcullis');
  });

  test('the sign-in page has its own small switch, and errors from main read in that language', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness);
    const { page } = await harness.openWindow();
    await page.getByTestId('signed-out-language').click();
    await page.getByTestId('signed-out-language-es').click();
    await expect(page.getByTestId('signin-submit')).toHaveText('Iniciar sesión');
    await submitSignIn(page, { username: MIKE.username, password: 'not the password at all' });
    await expect(page.getByTestId('signin-error')).toHaveText(
      'El nombre de usuario o la contraseña no son correctos.',
    );
    await harness.screenshot(page, 'i18n-02-sign-in-es');
    // Mike never chose a language: the one picked on the sign-in page carries on after sign-in.
    await submitSignIn(page, MIKE);
    await expect(page).toHaveTitle('Mi seguridad · Portcullis');
  });

  test('the audit log in Russian: messages in the viewer’s language, times to the second with the zone', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness);
    const { page } = await harness.openWindow();
    await submitSignIn(page, OWNER);
    await expect(page).toHaveURL(/#\/dashboard/);
    await page.getByTestId('user-menu').click();
    await page.getByTestId('language-ru').click();
    await page.goto(`${page.url().split('#')[0] ?? ''}#/audit`);
    await expect(page).toHaveTitle('Журнал аудита · Portcullis');
    const table = page.getByTestId('audit-table');
    await expect(table).toContainText(`Вход в систему: ${OWNER.username}`);
    // The stored English text is not what a Russian viewer reads.
    await expect(table).not.toContainText(`${OWNER.username} logged in`);
    await expect(table).toContainText(/\d{1,2}:\d{2}:\d{2}\s?(UTC|GMT|[A-Z]{3,4})/);
    await harness.screenshot(page, 'i18n-03-audit-ru');
  });
});
