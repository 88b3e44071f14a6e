import type { Page } from '@playwright/test';
import { databaseBytes } from '../support/services';
import { httpOpener, startFlespiProvider } from '../support/flespi-provider';
import { test, expect, type Harness } from './fixtures';
import { MIKE, OWNER } from '../support/people';
import { seedOwnerAndMike, submitSignIn } from './stories';

const NEW_PASSWORD = 'lantern orchard quietly 1987';

/** Opens a window on `ip`, signs in and lands on My security. */
async function signedIn(
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

async function changePassword(page: Page, next: string, current = MIKE.password) {
  await page.getByTestId('password-current').fill(current);
  await page.getByTestId('password-new').fill(next);
  await page.getByTestId('password-confirm').fill(next);
  await page.getByTestId('password-submit').click();
}

test.describe('my security', () => {
  test('change password: weak, common and reused refused with a reason; a good one ends the other session and is emailed', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness);
    const other = await signedIn(harness, MIKE, '10.1.2.3');
    const page = await signedIn(harness, MIKE, '81.2.69.142');
    await expect(page.getByTestId('password-policy')).toContainText('At least 12 characters');
    await expect(page.getByTestId('password-policy')).toContainText(
      'Do not build it on these words: portcullis.',
    );

    await changePassword(page, 'short pw');
    await expect(page.getByTestId('password-error')).toContainText('Use at least 12 characters');
    await expect(page.getByTestId('password-strength')).toHaveAttribute('data-score', /[0-4]/);
    await changePassword(page, 'qwerty123456');
    await expect(page.getByTestId('password-error')).toContainText('common or breached');
    await expect(page.getByTestId('password-strength')).toHaveAttribute('data-score', /^[01]$/);
    await changePassword(page, MIKE.password);
    await expect(page.getByTestId('password-error')).toContainText('used this password recently');
    await changePassword(page, NEW_PASSWORD, 'not my password at all');
    await expect(page.getByTestId('password-error')).toContainText('current password is not correct');
    await page.getByTestId('password-current').fill(MIKE.password);
    await page.getByTestId('password-new').fill(NEW_PASSWORD);
    await page.getByTestId('password-confirm').fill(`${NEW_PASSWORD}x`);
    await page.getByTestId('password-submit').click();
    await expect(page.getByTestId('password-error')).toContainText('not the same');
    await harness.screenshot(page, 'my-security-password-refused');

    await page.getByTestId('password-new').fill(NEW_PASSWORD);
    await expect(page.getByTestId('password-strength')).toHaveAttribute('data-score', /[34]/);
    await changePassword(page, NEW_PASSWORD);
    await expect(page.getByTestId('password-done')).toContainText('Sessions ended on other devices: 1');
    await harness.screenshot(page, 'my-security-password-changed');

    // The other window is sent back to sign-in; this one stays signed in.
    await expect(other).toHaveURL(/#\/sign-in/);
    await expect(other.getByText('Your session was ended from another place')).toBeVisible();
    await expect(page.getByTestId('sessions-table').getByTestId('session-row')).toHaveCount(1);

    const mail = await harness.mail.waitForMessage({
      to: MIKE.email,
      subjectIncludes: 'password was changed',
    });
    expect(mail.text).toContain('81.2.69.142');
    expect(mail.text).not.toContain(NEW_PASSWORD);
    expect(harness.auditCodes()).toContain('user.password:changed');
  });

  test('change email with a code sent to the new address; the old address is told', async ({ harness }) => {
    await seedOwnerAndMike(harness);
    const page = await signedIn(harness, MIKE, '81.2.69.142');
    await page.getByTestId('email-change').click();
    await page.getByTestId('email-new').fill('mike.new@example.com');
    await page.getByTestId('email-send-code').click();
    await expect(page.getByTestId('email-code-sent')).toContainText('mike.new@example.com');
    await expect(page.getByTestId('account-email')).toHaveText(MIKE.email);
    const code = await harness.mail.waitForCode({ to: 'mike.new@example.com' });
    await page.getByTestId('email-code').fill(code === '000000' ? '111111' : '000000');
    await page.getByTestId('email-confirm').click();
    await expect(page.getByTestId('email-error')).toContainText('code is not correct');
    await page.getByTestId('email-code').fill(code);
    await page.getByTestId('email-confirm').click();
    await expect(page.getByTestId('account-email')).toHaveText('mike.new@example.com');
    await expect(page.getByTestId('email-done')).toBeVisible();
    await harness.screenshot(page, 'my-security-email-changed');
    const notice = await harness.mail.waitForMessage({
      to: MIKE.email,
      subjectIncludes: 'email address was changed',
    });
    expect(notice.text).toContain('mike.new@example.com');
  });

  test('two sessions: revoke one and it lands on sign-in; revoke all keeps only the current one', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness);
    const second = await signedIn(harness, MIKE, '10.0.0.2');
    const third = await signedIn(harness, MIKE, '10.0.0.3');
    const page = await signedIn(harness, MIKE, '81.2.69.142');
    const table = page.getByTestId('sessions-table');
    await expect(table.getByTestId('session-row')).toHaveCount(3);
    await expect(table.getByTestId('session-current')).toHaveCount(1);

    // Expand a row for all details.
    await table.locator('[data-ip="10.0.0.2"] .n-data-table-expand-trigger').click();
    await expect(table.getByTestId('session-details')).toContainText('Mozilla');
    await harness.screenshot(page, 'my-security-sessions');

    await table.locator('[data-ip="10.0.0.2"]').getByTestId('session-revoke').click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(table.getByTestId('session-row')).toHaveCount(2);
    await expect(second).toHaveURL(/#\/sign-in/);
    await expect(third).toHaveURL(/#\/my-security/);

    await page.getByTestId('sessions-revoke-all').click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(table.getByTestId('session-row')).toHaveCount(1);
    await expect(table.getByTestId('session-current')).toHaveCount(1);
    await expect(third).toHaveURL(/#\/sign-in/);
    expect(harness.auditCodes().filter((c) => c === 'session:revoked')).toHaveLength(2);
  });

  test('a user without the right to change the password sees who to ask, and the channel refuses too', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness, { canChangePassword: false });
    const page = await signedIn(harness, MIKE, '81.2.69.142');
    await expect(page.getByTestId('password-no-right')).toContainText('Ask an administrator');
    await expect(page.getByTestId('password-submit')).toHaveCount(0);
    const result = await page.evaluate(
      ([current, next]) =>
        (
          window as unknown as {
            portcullis: { account: { changePassword(i: unknown): Promise<{ ok: boolean; code?: string }> } };
          }
        ).portcullis.account.changePassword({ currentPassword: current, newPassword: next }),
      [MIKE.password, NEW_PASSWORD] as const,
    );
    expect(result).toMatchObject({ ok: false, code: 'permission_denied' });
    expect(harness.auditCodes()).not.toContain('user.password:changed');
  });

  test('API tokens: add for 1 and 12 months, the secret shown once, verify, revoke', async ({ harness }) => {
    await seedOwnerAndMike(harness);
    const page = await signedIn(harness, MIKE, '81.2.69.142');
    // No tokens yet: the list says so instead of showing an empty grid.
    await expect(page.getByTestId('tokens-table').getByTestId('empty-state')).toContainText('No API tokens');
    const create = async (name: string, months: string) => {
      await page.getByTestId('token-add').click();
      await page.getByTestId('token-name').fill(name);
      await page.getByTestId('token-months').click();
      await page.locator('.n-base-select-option', { hasText: new RegExp(`^${months}$`) }).click();
      await page.getByTestId('token-create').click();
      const secret = (await page.getByTestId('token-secret').innerText()).trim();
      expect(secret).toMatch(/^pcl_[A-Za-z0-9_-]{43}$/);
      return secret;
    };
    const first = await create('Deploy script', '1 month');
    await harness.screenshot(page, 'my-security-token-secret');
    await page.getByTestId('token-done').click();
    await expect(page.getByTestId('token-secret')).toHaveCount(0);
    const second = await create('Yearly report', '12 months');
    await page.getByTestId('token-done').click();

    const rows = page.getByTestId('tokens-table').getByTestId('token-row');
    await expect(rows).toHaveCount(2);
    await expect(page.locator('body')).not.toContainText(first);
    const tokens = harness.services.container.services.tokens;
    const mine = await tokens.listMine(2);
    expect(Object.fromEntries(mine.map((t) => [t.name, t.expiresAt]))).toEqual({
      'Deploy script': '2026-04-02T09:00:00.000Z',
      'Yearly report': '2027-03-02T09:00:00.000Z',
    });
    expect(await tokens.verify(first)).toMatchObject({ status: 'valid', owner: 'mike', role: 'member' });
    expect(databaseBytes(harness.services.dbPath).includes(first)).toBe(false);
    expect(databaseBytes(harness.services.dbPath).includes(second)).toBe(false);
    await page.reload();
    await expect(rows.first()).toBeVisible();
    await harness.screenshot(page, 'my-security-tokens');

    await page.locator('[data-name="Deploy script"]').getByTestId('token-revoke').click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(page.locator('[data-name="Deploy script"]').getByTestId('token-status')).toHaveText(
      'Revoked',
    );
    expect(await tokens.verify(first)).toEqual({ status: 'revoked' });
    expect(harness.auditCodes()).toEqual(expect.arrayContaining(['token:created', 'token:revoked']));
  });

  test('linked flespi token: Login, Check and a manual token with its region; never stored in plain text', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness);
    const provider = await startFlespiProvider({ now: () => harness.services.clock.now() });
    try {
      const linked = harness.services.container.services.linkedToken;
      await linked.setEndpoints({ ru: provider.endpoints(), eu: provider.endpoints() });
      linked.setOpener(httpOpener);
      const member = await signedIn(harness, MIKE, '10.0.0.9');
      await expect(member.getByTestId('linked-token-card')).toHaveCount(0);

      const page = await signedIn(harness, OWNER, '81.2.69.142');
      const card = page.getByTestId('linked-token-card');
      await card.getByTestId('linked-login').click();
      await expect(card.getByTestId('linked-masked')).toBeVisible();
      await expect(card.getByTestId('linked-token-region')).toHaveText('eu');
      await expect(card.getByTestId('linked-expires')).toContainText('2027');
      await card.getByTestId('linked-check').click();
      await expect(card.getByTestId('linked-check-result')).toContainText('Active until');
      await harness.screenshot(page, 'my-security-flespi');
      const [issued] = [...provider.tokens.keys()];
      if (issued) harness.secrets.add('linked-service credential', issued);
      expect(issued && databaseBytes(harness.services.dbPath).includes(issued)).toBe(false);

      const manual = 'HandTypedFlespiToken0123456789abcdef';
      await card.getByTestId('linked-edit').click();
      await card.getByTestId('linked-region').click();
      await page.locator('.n-base-select-option', { hasText: /^ru$/ }).click();
      await card.getByTestId('linked-manual').fill(manual);
      await card.getByTestId('linked-save').click();
      await expect(card.getByTestId('linked-token-region')).toHaveText('ru');
      await expect(card.getByTestId('linked-masked')).toHaveText('Hand…cdef');
      await card.getByTestId('linked-check').click();
      await expect(card.getByTestId('linked-check-result')).toContainText('does not accept this token');
      expect(databaseBytes(harness.services.dbPath).includes(manual)).toBe(false);
      expect(harness.auditCodes().filter((c) => c === 'linked_token:updated')).toHaveLength(2);
    } finally {
      await provider.close();
    }
  });

  test('administrators see all sessions and all tokens, filter them and revoke', async ({ harness }) => {
    await seedOwnerAndMike(harness);
    const mike = await signedIn(harness, MIKE, '10.9.8.7');
    await mike.getByTestId('token-add').click();
    await mike.getByTestId('token-name').fill('Mike CI');
    await mike.getByTestId('token-create').click();
    await mike.getByTestId('token-done').click();
    const page = await signedIn(harness, OWNER, '81.2.69.142');

    await page.getByTestId('nav-sessions').click();
    const sessions = page.getByTestId('all-sessions-table');
    await expect(sessions.getByTestId('session-row')).toHaveCount(2);
    await page.getByTestId('all-sessions-ip').fill('10.9');
    await expect(sessions.getByTestId('session-row')).toHaveCount(1);
    await harness.screenshot(page, 'all-sessions');
    await sessions.getByTestId('session-revoke').click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(sessions.getByTestId('session-row')).toHaveCount(0);
    await expect(mike).toHaveURL(/#\/sign-in/);

    await page.getByTestId('nav-tokens').click();
    const tokens = page.getByTestId('all-tokens-table');
    await expect(tokens).toContainText('Mike CI');
    await page.getByTestId('all-tokens-user').fill('oliv');
    await expect(tokens).not.toContainText('Mike CI');
    await page.getByTestId('all-tokens-user').fill('mik');
    await expect(tokens).toContainText('Mike CI');
    await harness.screenshot(page, 'all-tokens');
    await tokens.getByTestId('token-revoke').click();
    await page.getByRole('button', { name: 'Confirm' }).click();
    await expect(tokens.getByTestId('token-status')).toHaveText('Revoked');
  });
});
