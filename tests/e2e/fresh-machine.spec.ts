import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type FreshHarness } from './fixtures';
import { OfflineGeoLookup } from '../../electron/main/adapters/geo';
import { generateDemo } from '../../electron/main/services/audit/demo';
import { removeDir, startServices, tempDir } from '../support/services';
import { OWNER } from '../support/people';

// Review on a fresh machine (issue 18, item 5): a computer that never saw a directory opens an
// audit export from the first-run screen, and when the app was opened with a file, without
// creating a database file or any keychain entry. The export is made by another "computer" (a
// directory in its own folder with its own keychain service).

const office = tempDir('portcullis-e2e-office-');
const exportFile = join(office, 'audit-november.jsonl');

test.beforeAll(async () => {
  const app = await startServices({ dir: join(office, 'app') });
  await generateDemo(app.container.database.sqlite, new OfflineGeoLookup(), {
    users: 6,
    events: 300,
    passwordHash: 'not-used-for-sign-in',
    now: new Date('2026-11-20T12:00:00Z'),
    months: 1,
  });
  await app.container.services.auditExport.run({
    filter: {},
    format: 'jsonl',
    out: exportFile,
    actor: null,
    client: null,
    exportedBy: 'Office Owner',
  });
  await app.close();
});

test.afterAll(() => {
  removeDir(office);
});

/** Nothing of a directory on this machine: no database file, no keychain entry, nothing but trusted signers. */
async function expectNoDirectory(fresh: FreshHarness): Promise<void> {
  expect(existsSync(fresh.machine.dbPath)).toBe(false);
  expect(await fresh.machine.keychainAccounts()).toEqual([]);
  const userData = existsSync(fresh.machine.userDataDir) ? readdirSync(fresh.machine.userDataDir) : [];
  expect(userData.filter((f) => f !== 'trusted-signers.json')).toEqual([]);
}

test.describe('review on a fresh machine', () => {
  test('a fresh install opens an export from the first-run screen; no database, no keychain entry', async ({
    fresh,
  }) => {
    const { page } = await fresh.openWindow();
    // Every route leads to first-run setup, which offers the review.
    await expect(page).toHaveURL(/#\/setup/);
    await expect(page.getByTestId('setup-submit')).toBeVisible();
    await fresh.screenshot(page, 'fresh-01-setup-with-review-link');
    fresh.files.willOpen(exportFile);
    await page.getByTestId('open-audit-export').click();
    await expect(page).toHaveURL(/#\/review/);
    const verdict = page.getByTestId('review-verdict');
    await expect(verdict).toHaveAttribute('data-status', 'intact', { timeout: 30_000 });
    await expect(verdict).toHaveAttribute('data-trust', 'unknown');
    await expect(page.getByTestId('review-file')).toContainText('audit-november.jsonl');
    await fresh.screenshot(page, 'fresh-02-review');
    await expectNoDirectory(fresh);

    // Reloading the review page (the route needs no directory) still creates nothing.
    await page.reload();
    await expect(page).toHaveURL(/#\/review/);
    await expectNoDirectory(fresh);
    expect(fresh.machine.directory.current()).toBeNull();

    // The same person may still set up a directory here: only now the database and its data key appear.
    await page.getByTestId('review-back').click();
    await expect(page).toHaveURL(/#\/setup/);
    await page.getByTestId('setup-username').fill(OWNER.username);
    await page.getByTestId('setup-display-name').fill(OWNER.displayName);
    await page.getByTestId('setup-email').fill(OWNER.email);
    await page.getByTestId('setup-password').fill(OWNER.password);
    await page.getByTestId('setup-password-confirm').fill(OWNER.password);
    await page.getByTestId('setup-submit').click();
    await expect(page).toHaveURL(/#\/dashboard/);
    expect(existsSync(fresh.machine.dbPath)).toBe(true);
    const accounts = await fresh.machine.keychainAccounts();
    expect(accounts).toHaveLength(1);
    expect(accounts[0]).toMatch(/^data-key/);
  });

  test('opened with an export (command line, open-file): the window starts at the review of that file', async ({
    fresh,
  }) => {
    // What electron/main/index.ts does for `portcullis audit-november.jsonl`: remember the file and
    // load the review route, which takes it through review:openPending.
    fresh.machine.desktop.pendingReview.set(exportFile);
    const { page } = await fresh.openWindow({ hash: '#/review?pending=1' });
    const verdict = page.getByTestId('review-verdict');
    await expect(verdict).toHaveAttribute('data-status', 'intact', { timeout: 30_000 });
    await expect(page.getByTestId('review-file')).toContainText('audit-november.jsonl');
    expect(fresh.machine.desktop.pendingReview.take()).toBeNull();

    // A second file while the review is open (second instance, open-file): main loads the same
    // page with a new request number; the open review page follows the hash and takes the file.
    const notAnExport = join(office, 'notes.jsonl');
    writeFileSync(notAnExport, '{"hello":"world"}\n');
    fresh.machine.desktop.pendingReview.set(notAnExport);
    await page.evaluate(() => {
      location.hash = '#/review?pending=2';
    });
    await expect(page.getByTestId('review-file')).toContainText('notes.jsonl', { timeout: 30_000 });
    await expect(page.getByTestId('review-verdict')).toHaveAttribute('data-status', 'not-an-export');
    await expectNoDirectory(fresh);
  });
});
