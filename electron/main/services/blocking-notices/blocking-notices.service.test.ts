import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../adapters/clock';
import { removeDir, startServices, type TestApp } from '../../../../tests/support/services';
import { seedUsers, signInWindow } from '../../../../tests/support/admin-fixtures';

const BLOCKING_DATE = '2026-03-10T00:00:00.000Z';

describe('account blocking notices (docs/product.md source page S0)', () => {
  let app: TestApp;
  let userId: number;
  beforeEach(async () => {
    app = await startServices({ clock: new ManualClock('2026-03-03T00:30:00Z') });
    [userId = 0] = await seedUsers(app, [
      { username: 'nina', blockingDate: BLOCKING_DATE, notifyBlocking: true },
      { username: 'quiet', blockingDate: BLOCKING_DATE, notifyBlocking: false },
      { username: 'far', blockingDate: '2026-05-01T00:00:00Z', notifyBlocking: true },
    ]);
  });
  afterEach(async () => {
    await app.close();
    removeDir(app.dir);
  });

  const notices = () =>
    app.container.database.sqlite
      .prepare(
        "SELECT recipient, data, created_at FROM outbox WHERE template = 'blocking_notice' ORDER BY id",
      )
      .all() as { recipient: string; data: string; created_at: string }[];
  const status = (name: string) =>
    (
      app.container.database.sqlite.prepare('SELECT status FROM users WHERE username = ?').get(name) as {
        status: string;
      }
    ).status;

  /** Runs the scheduler every 4 hours from 7 days before the blocking date to 2 days after. */
  async function driveClock(): Promise<void> {
    const end = Date.parse('2026-03-12T00:00:00Z');
    while (app.clock.now().getTime() < end) {
      await app.container.services.blockingNotices.runDue();
      await app.container.services.blockingNotices.runDue();
      app.clock.advance(4 * 3_600_000);
    }
  }

  it('emails once a day from 5 days before the blocking date, then blocks on the date', async () => {
    const session = await signInWindow(app, 'nina', 'nina');
    await driveClock();
    const sent = notices();
    expect(sent.map((n) => n.created_at.slice(0, 10))).toEqual([
      '2026-03-05',
      '2026-03-06',
      '2026-03-07',
      '2026-03-08',
      '2026-03-09',
    ]);
    expect(sent.every((n) => n.recipient === 'nina@example.com')).toBe(true);
    expect(sent.map((n) => (JSON.parse(n.data) as { daysLeft: number }).daysLeft)).toEqual([5, 4, 3, 2, 1]);
    expect(status('nina')).toBe('blocked');
    expect(status('quiet')).toBe('blocked');
    expect(status('far')).toBe('active');
    expect(session.pushed.map((p) => p.event)).toEqual(['session:ended']);
    const blocked = app.container.database.sqlite
      .prepare("SELECT subject_id, at FROM audit_events WHERE code = 'user:blocked_on_date' ORDER BY id")
      .all() as { subject_id: number; at: string }[];
    expect(blocked.map((b) => [b.subject_id, b.at.slice(0, 10)])[0]).toEqual([userId, '2026-03-10']);
  });

  it('sends nothing while the account service "E-mail notifications" is off', async () => {
    app.container.database.sqlite
      .prepare("INSERT INTO settings (key, value, updated_at) VALUES ('services', ?, '2026-03-01T00:00:00Z')")
      .run(JSON.stringify({ smsEnabled: false, smsAvailable: 0, emailEnabled: false }));
    await driveClock();
    expect(notices()).toEqual([]);
    expect(status('nina')).toBe('blocked');
  });

  it('sends nothing when the user has the option off', async () => {
    app.container.database.sqlite
      .prepare("UPDATE users SET notify_blocking = 0 WHERE username = 'nina'")
      .run();
    await driveClock();
    expect(notices()).toEqual([]);
  });
});
