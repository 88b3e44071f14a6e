import { CLI_CLIENT } from '../../electron/main/services/context';
import { OWNER } from '../support/people';
import { seedUsers } from '../support/admin-fixtures';
import { test, expect } from './fixtures';
import { laptop, signInOwner } from './a11y-pages';
import { seedOwnerAndMike } from './stories';

// Issue 17, Done means: "lists page past 1,000". Each list holds 1,200 seeded rows and the
// window reaches the last one through the page's own paging (no list stops at 1,000).
const N = 1200;
const name = (i: number) => `u${String(i).padStart(4, '0')}`;

test('users, sessions and the audit log page past 1,000 rows to the last one', async ({ harness }) => {
  test.setTimeout(180_000);
  await seedOwnerAndMike(harness);
  const { container, clock } = harness.services;
  // 1,200 locked members (rows written directly: hashing 1,200 passwords would take minutes).
  const until = new Date(clock.now().getTime() + 3_600_000).toISOString();
  const ids = await seedUsers(
    harness.services,
    Array.from({ length: N }, (_, i) => ({ username: name(i + 1), lockedUntil: until })),
  );
  // 1,200 audit events through the support service: the owner unlocks every one of them.
  const owner = await container.repositories.users.findByLogin(OWNER.username);
  if (!owner) throw new Error('the owner is missing');
  const actor = { id: owner.id, username: owner.username, role: 'owner' as const, sessionId: null };
  expect((await container.services.support.unlock(ids, actor, CLI_CLIENT)).changed).toHaveLength(N);
  // 1,200 live sessions of theirs, one second apart (the oldest 20 minutes ago, well inside the limits).
  const now = clock.now().getTime();
  const sessions = ids.map((userId, i) => ({
    id: (i + 1).toString(16).padStart(32, '0'),
    user_id: userId,
    created_at: new Date(now - (N - i) * 1000).toISOString(),
    last_seen_at: new Date(now - (N - i) * 1000).toISOString(),
    expires_at: new Date(now + 86_400_000).toISOString(),
    ended_at: null,
    end_reason: null,
    ip: `10.9.${String(Math.floor(i / 250))}.${String(i % 250)}`,
    user_agent: 'seed',
    device_type: 'desktop',
    browser: 'Seed',
    os: 'Linux',
    location: '',
  }));
  for (let i = 0; i < sessions.length; i += 200)
    await container.database.db
      .insertInto('sessions')
      .values(sessions.slice(i, i + 200))
      .execute();

  const page = await signInOwner(harness);
  await laptop(page);
  const base = page.url().split('#')[0] ?? '';

  // Users: 1,202 people, 20 a page; the last page (61) holds row 1,202, u1200.
  await page.goto(`${base}#/users`);
  await expect(page.getByTestId('users-total')).toHaveText('1,202 users');
  await page.locator('.n-pagination-item', { hasText: /^61$/ }).click();
  await expect(page.getByTestId(`user-row-${name(N)}`)).toBeVisible();
  await expect(page.locator('[data-testid^="user-row-"]')).toHaveCount(2);

  // Sessions: 1,201 (the seeded ones and the owner's own), newest activity first; the oldest
  // seeded session (10.9.0.0) is on the last page.
  await page.goto(`${base}#/sessions`);
  const table = page.getByTestId('all-sessions-table');
  await expect(table.locator('.session-row').first()).toBeVisible();
  const last = page.locator('.n-pagination-item:not(.n-pagination-item--button)').last();
  const pages = Number(await last.textContent());
  await last.click();
  await expect(table.locator('.session-row[data-ip="10.9.0.0"]')).toBeVisible();

  // Audit log: keyset pages of 50, "Older" until the oldest; the first unlock (u0001) is reached
  // after more than 1,000 newer events.
  await page.goto(`${base}#/audit`);
  const older = page.getByTestId('audit-older');
  await expect(page.getByTestId('audit-table')).toContainText(name(N));
  let clicks = 0;
  while (await older.isEnabled()) {
    const top = await page.getByTestId('audit-table').locator('tbody tr').first().textContent();
    await older.click();
    await expect(page.getByTestId('audit-table').locator('tbody tr').first()).not.toHaveText(top ?? '');
    clicks += 1;
  }
  console.log(
    `lists past 1,000: users page 61 of 61, sessions page ${String(pages)}, audit ${String(clicks)} × Older`,
  );
  expect(clicks * 50).toBeGreaterThanOrEqual(N);
  await expect(page.getByTestId('audit-table')).toContainText(name(1));
});
