import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { OfflineGeoLookup } from '../../electron/main/adapters/geo';
import { generateDemo } from '../../electron/main/services/audit/demo';

const OWNER = {
  username: 'olivia',
  displayName: 'Olivia Owner',
  email: 'olivia@example.com',
  password: 'correct horse battery staple',
};

test.describe('audit log, signed export and offline review', () => {
  test('an auditor filters the log, exports it signed, and reviews the file offline', async ({ harness }) => {
    test.setTimeout(180_000);
    const { services, database } = harness.services.container;
    await services.auth.createOwnerAccount(OWNER, CLI_CLIENT);
    await generateDemo(database.sqlite, new OfflineGeoLookup(), {
      users: 20,
      events: 3000,
      passwordHash: 'not-used-for-sign-in',
      now: harness.services.clock.now(),
      months: 2,
    });
    const someone = (
      database.sqlite
        .prepare("SELECT subject_name AS name FROM audit_events WHERE code = 'user:login_failed' LIMIT 1")
        .get() as { name: string }
    ).name;

    // Sign in and open the live audit log.
    const { page } = await harness.openWindow({ ip: '81.2.69.142' });
    await page.getByTestId('signin-login').fill(OWNER.username);
    await page.getByTestId('signin-password').fill(OWNER.password);
    await page.getByTestId('signin-submit').click();
    await expect(page).not.toHaveURL(/#\/sign-in/);
    await page.getByTestId('nav-audit').click();
    await expect(page.getByTestId('audit-table')).toContainText('user:logged_in', { timeout: 30_000 });
    await expect(page.getByTestId('audit-count')).toContainText('events');

    // Filter: one user's failed sign-ins.
    await page.getByTestId('audit-filter-user').fill(someone);
    await page.getByTestId('audit-filter-code-input').fill('user:login_failed');
    await page.keyboard.press('Enter');
    await page.getByTestId('audit-filter-apply').click();
    const rows = page.locator('[data-testid="audit-table"] tbody tr');
    await expect(rows.first()).toContainText('user:login_failed');
    await expect(rows.first()).toContainText(someone);
    for (const text of await rows.allInnerTexts()) expect(text).toContain('user:login_failed');
    await harness.screenshot(page, 'audit-01-filtered');

    // Expand a row: every field shows.
    await page.locator('.n-data-table-expand-trigger').first().click();
    const details = page.getByTestId('audit-details').first();
    await expect(details).toContainText('Browser');
    await expect(details).toContainText('wrong password');
    await harness.screenshot(page, 'audit-02-expanded');

    // Live arrival: a new matching event appears without reloading.
    await page.getByTestId('audit-filter-clear').click();
    await expect(rows.first()).toBeVisible();
    await services.auth
      .signIn({ login: OWNER.username, password: 'wrong password!' }, CLI_CLIENT)
      .catch(() => null);
    await expect(page.getByTestId('audit-arrived')).toBeVisible({ timeout: 10_000 });

    // Export the whole log, signed, with progress.
    const out = join(harness.services.dir, 'export.jsonl');
    harness.files.willSaveTo(out);
    await page.getByTestId('audit-export-jsonl').click();
    await expect(page.getByTestId('audit-export-status')).toBeVisible();
    await expect(page.getByTestId('audit-export-done')).toContainText('Exported', { timeout: 30_000 });
    await harness.screenshot(page, 'audit-03-exported');
    const lines = readFileSync(out, 'utf8').split('\n');
    expect(lines.length).toBeGreaterThan(3000);
    await expect(page.getByTestId('audit-signing-fingerprint')).toBeVisible();

    // Offline review from the sign-in screen, in a window that never signs in.
    const review = (await harness.openWindow({ ip: '10.0.0.9' })).page;
    await expect(review).toHaveURL(/#\/sign-in/);
    harness.files.willOpen(out);
    await review.getByTestId('open-audit-export').click();
    const verdict = review.getByTestId('review-verdict');
    await expect(verdict).toHaveAttribute('data-status', 'intact', { timeout: 30_000 });
    await expect(verdict).toContainText(`${(lines.length - 3).toLocaleString('en-US')} events`);
    await expect(review.getByTestId('audit-table')).toContainText('user:logged_in');
    await review.getByTestId('audit-filter-user').fill(someone);
    await review.getByTestId('audit-filter-apply').click();
    await expect(review.locator('[data-testid="audit-table"] tbody tr').first()).toContainText(someone);
    await harness.screenshot(review, 'audit-04-review-intact');

    // An altered copy: line 10's IP changed.
    const altered = join(harness.services.dir, 'altered.jsonl');
    const copy = [...lines];
    copy[9] = (copy[9] ?? '').replace(/"ip":"[^"]+"/, '"ip":"10.66.66.66"');
    writeFileSync(altered, copy.join('\n'));
    harness.files.willOpen(altered);
    await review.getByTestId('review-open').click();
    await expect(verdict).toHaveAttribute('data-status', 'altered', { timeout: 30_000 });
    await expect(verdict).toContainText('Line 10 does not verify');
    await harness.screenshot(review, 'audit-05-review-altered');
  });
});
