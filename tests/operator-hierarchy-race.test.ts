import { describe, expect, it } from 'vitest';
import { seededServicesPerTest } from './support/per-test';
import { seedUsers, signInWindow } from './support/admin-fixtures';

/**
 * Issue 12, item 3, under a race: an admin's password-reset codes sent while the owner promotes
 * the same people to admin. A code goes out only to someone who was still below the admin when
 * it was written (the check is repeated inside the transaction that writes it).
 */
describe('password reset racing a promotion', () => {
  const { app } = seededServicesPerTest([
    { username: 'olivia', role: 'owner' },
    { username: 'adam', role: 'admin' },
  ]);

  it('a reset code goes out only while the person is still below the operator', async () => {
    const n = 25;
    const people = await seedUsers(
      app,
      Array.from({ length: n }, (_, i) => ({ username: `r${i}`, role: 'member' as const })),
    );
    const olivia = await signInWindow(app, 'olivia', 'olivia');
    const adam = await signInWindow(app, 'adam', 'adam');
    const results = await Promise.all(
      people.flatMap((userId) => [
        olivia.call('users:update', { id: userId, role: 'admin' }),
        adam.call('users:sendPasswordReset', { userIds: [userId] }),
      ]),
    );
    const sqlite = app.container.database.sqlite;
    let sent = 0;
    for (let i = 0; i < n; i++) {
      const [promotion, reset] = [results[2 * i], results[2 * i + 1]];
      expect(promotion).toMatchObject({ ok: true });
      const events = sqlite
        .prepare(
          "SELECT code FROM audit_events WHERE subject_name = ? AND code IN ('admin.user:password_reset_sent', 'admin.user:updated') ORDER BY id",
        )
        .all(`r${i}`)
        .map((e) => (e as { code: string }).code);
      if (reset?.ok) {
        sent++;
        expect(events).toEqual(['admin.user:password_reset_sent', 'admin.user:updated']);
      } else {
        expect(reset).toMatchObject({ code: 'permission_denied' });
        expect(events).toEqual(['admin.user:updated']);
      }
    }
    const queued = sqlite
      .prepare("SELECT count(*) AS n FROM outbox WHERE template = 'password_reset_code'")
      .get() as { n: number };
    console.log(
      `reset vs promotion race: ${n} pairs, ${sent} codes sent before promotion, ${n - sent} refused`,
    );
    expect(queued.n).toBe(sent);
  });
});
