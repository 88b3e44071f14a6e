import { databaseBytes } from '../support/services';
import { httpOpener, startFlespiProvider } from '../support/flespi-provider';
import { test, expect } from './fixtures';
import { MIKE, OWNER } from '../support/people';
import { seedOwnerAndMike, signedIn } from './stories';

test.describe('my security: tokens, and what administrators see', () => {
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
    await page.locator('.n-popconfirm__action').getByRole('button', { name: 'Revoke' }).click();
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
    await page.locator('.n-popconfirm__action').getByRole('button', { name: 'End session' }).click();
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
    await page.locator('.n-popconfirm__action').getByRole('button', { name: 'Revoke' }).click();
    await expect(tokens.getByTestId('token-status')).toHaveText('Revoked');
  });
});
