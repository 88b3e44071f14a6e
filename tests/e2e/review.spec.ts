import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect, type Harness } from './fixtures';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { OfflineGeoLookup } from '../../electron/main/adapters/geo';
import { generateDemo } from '../../electron/main/services/audit/demo';
import { ReviewService } from '../../electron/main/services/review/review.service';

// Offline review (issue 18 items 1, 6, 7): unknown signer -> trust -> trusted; Cancel during a
// long load; an altered file names its line. The review runs in a worker thread in this process.

const OWNER = {
  username: 'ruth',
  displayName: 'Ruth Reviewer',
  email: 'ruth@example.com',
  password: 'correct horse battery staple',
};

/**
 * The app's review service, replaced by one whose trusted-signers file and temporary folders are
 * inside this test's folder (so the test sees every folder it makes, and never the real user's
 * list). `gated`: each worker waits after its first commit until `release()`.
 */
function reviewIn(harness: Harness, o: { gated?: boolean } = {}) {
  const base = join(harness.services.dir, 'review');
  const tempBase = join(base, 'tmp');
  mkdirSync(tempBase, { recursive: true });
  const gate = o.gated ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
  const desktop = harness.services.container.desktop;
  desktop.review = new ReviewService({ dataDir: join(base, 'user-data'), tempBase, gate });
  return {
    folders: () => readdirSync(tempBase),
    release: () => {
      if (!gate) return;
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
    },
  };
}

/** Demo events in the test's directory, exported signed with the export code; returns the file. */
async function exportOf(harness: Harness, events: number, name: string) {
  const { services, database } = harness.services.container;
  await services.auth.createOwnerAccount(OWNER, CLI_CLIENT);
  await generateDemo(database.sqlite, new OfflineGeoLookup(), {
    users: 12,
    events,
    passwordHash: 'not-used-for-sign-in',
    now: harness.services.clock.now(),
    months: 1,
  });
  const out = join(harness.services.dir, name);
  const r = await services.auditExport.run({
    filter: {},
    format: 'jsonl',
    out,
    actor: null,
    client: null,
    exportedBy: 'Ruth Reviewer',
  });
  return { out, fingerprint: r.fingerprint ?? '', events: r.events };
}

/** Opens a window on the sign-in screen and reviews `file` from its "Open audit export" link. */
async function openReview(harness: Harness, file: string) {
  const { page } = await harness.openWindow({ ip: '10.0.0.9' });
  await expect(page).toHaveURL(/#\/sign-in/);
  harness.files.willOpen(file);
  await page.getByTestId('open-audit-export').click();
  return page;
}

test.describe('offline review: trust, progress and cancel, altered files', () => {
  test('an unknown signer is trusted by confirming its full fingerprint, and the verdict turns trusted', async ({
    harness,
  }) => {
    test.setTimeout(120_000);
    reviewIn(harness);
    const { out, fingerprint, events } = await exportOf(harness, 400, 'signed.jsonl');
    const page = await openReview(harness, out);
    const verdict = page.getByTestId('review-verdict');
    await expect(verdict).toHaveAttribute('data-trust', 'unknown', { timeout: 30_000 });
    await expect(verdict).toContainText('Intact · unknown signer');
    const grouped = fingerprint.match(/.{4}/g)?.join(' ') ?? '';
    await expect(verdict.getByTestId('review-signer-fingerprint')).toHaveText(grouped);
    // The scope, with times in a named time zone.
    await expect(verdict.getByTestId('review-scope-events')).toHaveText(
      `${events.toLocaleString('en-US')} events`,
    );
    await expect(verdict.getByTestId('review-scope-exported')).toContainText('by Ruth Reviewer on');
    await expect(verdict.getByTestId('review-scope-exported')).toContainText(/UTC|GMT|[A-Z]{3,4}$/);
    await expect(page.getByTestId('audit-table')).toContainText('user:');
    await harness.screenshot(page, 'review-01-unknown-signer');

    // Keyboard only: focus "Trust this signer…", Enter opens the dialog; Enter in the name field submits.
    await verdict.getByTestId('review-trust-signer').focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByTestId('review-trust-dialog');
    const submit = dialog.getByTestId('review-trust-submit');
    // Markup in the name is kept as text; nothing from the file or the form is rendered as HTML.
    const organisation = '<b>Acme</b> Audit Ltd';
    await dialog.getByTestId('review-trust-organisation').locator('input').fill(organisation);
    // Only the first and last groups: not enough.
    const confirm = dialog.getByTestId('review-trust-confirm').locator('textarea');
    await confirm.fill(`${fingerprint.slice(0, 8)} … ${fingerprint.slice(-8)}`);
    await expect(submit).toBeDisabled();
    // One character off at the end: refused.
    await confirm.fill(`${fingerprint.slice(0, 63)}${fingerprint.endsWith('0') ? '1' : '0'}`);
    await expect(submit).toBeDisabled();
    await expect(dialog).toContainText('not the full fingerprint');
    // The full fingerprint, pasted in groups and upper case, is accepted.
    await confirm.fill(grouped.toUpperCase());
    await expect(submit).toBeEnabled();
    await dialog.getByTestId('review-trust-organisation').locator('input').press('Enter');
    await expect(dialog).toBeHidden();
    await expect(verdict).toHaveAttribute('data-trust', 'trusted');
    await expect(verdict).toContainText(`Intact · signed by ${organisation}`);
    await expect(page.locator('b', { hasText: 'Acme' })).toHaveCount(0);
    // The verdict stays pinned at the top while the rows scroll under it.
    const firstRow = page.locator('[data-testid="audit-table"] tbody tr').first();
    await page.mouse.move(600, 600);
    await page.mouse.wheel(0, 2500);
    await expect.poll(async () => (await firstRow.boundingBox())?.y ?? 0).toBeLessThan(0);
    const pinned = await verdict.boundingBox();
    expect(pinned?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect(pinned?.y ?? 999).toBeLessThan(120);
    await harness.screenshot(page, 'review-02a-pinned');
    await page.mouse.wheel(0, -5000);

    // The trusted-signers panel lists it; removing it makes the signer unknown again.
    await page.getByTestId('review-show-signers').click();
    const row = page.getByTestId('review-signer-row');
    await expect(row).toHaveCount(1);
    await expect(row).toContainText(organisation);
    await expect(row).toContainText(grouped);
    await harness.screenshot(page, 'review-02-trusted');
    await row.getByTestId('review-remove-signer').click();
    await page.locator('.n-popconfirm__action').getByRole('button', { name: 'Remove' }).click();
    await expect(page.getByTestId('review-signers-empty')).toBeVisible();
    await expect(verdict).toHaveAttribute('data-trust', 'unknown');
  });

  test('a long load shows rows under "Verifying… N %" and Cancel deletes its temporary files', async ({
    harness,
  }) => {
    test.setTimeout(180_000);
    const review = reviewIn(harness, { gated: true });
    const started = Date.now();
    const { out, events } = await exportOf(harness, 50_000, 'large.jsonl');
    test.info().annotations.push({
      type: 'setup',
      description: `${events} events exported in ${Date.now() - started} ms`,
    });
    const page = await openReview(harness, out);
    const progress = page.getByTestId('review-progress');
    await expect(progress).toContainText(/Verifying… \d+ %/, { timeout: 30_000 });
    // The worker is held mid-file: rows already show, no verdict yet, one private folder exists.
    await expect(page.locator('[data-testid="audit-table"] tbody tr')).toHaveCount(50);
    await expect(page.getByTestId('review-verdict')).toHaveCount(0);
    expect(Number(await progress.getAttribute('data-percent'))).toBeLessThan(100);
    expect(review.folders()).toHaveLength(1);
    await harness.screenshot(page, 'review-03-verifying');
    await page.getByTestId('review-cancel').click();
    review.release();
    await expect(page.getByTestId('review-cancelled')).toBeVisible();
    await expect(page.getByTestId('review-progress')).toHaveCount(0);
    await expect(page.getByTestId('audit-table')).toHaveCount(0);
    await expect.poll(() => review.folders()).toEqual([]);
  });

  test('an altered file shows "Altered at line N" and only the rows before it', async ({ harness }) => {
    test.setTimeout(120_000);
    reviewIn(harness);
    const { out } = await exportOf(harness, 300, 'original.jsonl');
    const lines = readFileSync(out, 'utf8').split('\n');
    lines[9] = (lines[9] ?? '').replace(/"ip":"[^"]+"/, '"ip":"10.66.66.66"');
    const altered = join(harness.services.dir, 'altered.jsonl');
    writeFileSync(altered, lines.join('\n'));
    const page = await openReview(harness, altered);
    const verdict = page.getByTestId('review-verdict');
    await expect(verdict).toHaveAttribute('data-status', 'altered', { timeout: 30_000 });
    await expect(verdict).toHaveAttribute('data-line', '10');
    await expect(verdict).toContainText('Altered at line 10');
    await expect(verdict).toContainText('Line 10 does not verify');
    // Lines 2–9 hold events 1–8: those, and nothing from line 10 on.
    await expect(page.getByTestId('audit-count')).toHaveText('Showing 8 of 8 events');
    await expect(page.locator('[data-testid="audit-table"] tbody tr')).toHaveCount(8);
    await harness.screenshot(page, 'review-04-altered');
  });
});
