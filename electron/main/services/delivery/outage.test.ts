import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../adapters/clock';
import { removeDir, startServices, tempDir, type TestApp } from '../../../../tests/support/services';
import { startSmtpServer, type TestSmtpServer } from '../../../../tests/support/smtp-server';
import { configureDelivery } from '../../../../tests/support/delivery';
import { testEngine } from '../../../../tests/support/engine';
import { CLAIM_LEASE_MS } from './delivery-worker';

const POLICY = {
  email: { maxAttempts: 6, baseDelayMs: 1000, maxDelayMs: 8000 },
  sms: { maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 4000 },
};
const RECIPIENTS = Array.from({ length: 50 }, (_, i) => `user${i + 1}@example.com`);

describe('the outbox survives a mail server outage and an app restart', { timeout: 90_000 }, () => {
  let app: TestApp;
  let smtp: TestSmtpServer;
  let dir: string;
  const clock = new ManualClock('2026-03-02T09:00:00Z');

  beforeEach(async () => {
    smtp = await startSmtpServer();
    dir = tempDir();
    app = await startServices({ dir, clock, delivery: { policy: POLICY, pollMs: 50 } });
    await configureDelivery(app, { smtp });
  });
  afterEach(async () => {
    await app.close();
    await smtp.stop();
    removeDir(dir);
  });

  const queue50 = () =>
    app.container.database.db.transaction().execute(async (trx) => {
      for (const to of RECIPIENTS)
        await app.container.services.messenger.queueEmail(trx, {
          userId: null,
          to,
          template: 'test_email',
          data: { operator: 'olivia' },
        });
    });
  const delivered = () => smtp.messages.map((m) => m.to).sort();
  const statuses = () =>
    app.container.database.sqlite
      .prepare(
        'SELECT status, count(*) AS n, max(attempts) AS attempts FROM outbox GROUP BY status ORDER BY status',
      )
      .all();
  async function until(check: () => boolean, what: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!check()) {
      if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  it('delivers all 50 exactly once when the server comes back after several failed attempts', async () => {
    await smtp.down();
    await queue50();
    const worker = app.container.services.deliveryWorker;
    for (const wait of [0, 1000, 2000, 4000]) {
      clock.advance(wait);
      expect(await worker.runOnce()).toBe(50);
    }
    expect(smtp.messages).toHaveLength(0);
    expect(statuses()).toEqual([{ status: 'pending', n: 50, attempts: 4 }]);
    const row = app.container.database.sqlite.prepare('SELECT last_error FROM outbox LIMIT 1').get() as {
      last_error: string;
    };
    expect(row.last_error).toBe(
      `Could not connect to the mail server at 127.0.0.1:${smtp.port}: the connection was refused.`,
    );
    // Not due yet: the backoff holds the next attempt back.
    expect(await worker.runOnce()).toBe(0);
    await smtp.up();
    clock.advance(8000);
    expect(await worker.runOnce()).toBe(50);
    expect(delivered()).toEqual([...RECIPIENTS].sort());
    expect(statuses()).toEqual([{ status: 'sent', n: 50, attempts: 5 }]);
    clock.advance(60_000);
    expect(await worker.runOnce()).toBe(0);
    expect(smtp.messages).toHaveLength(50);
  });

  it('gives up after the maximum attempts and shows the error, until "Retry now"', async () => {
    await smtp.down();
    await app.container.database.db.transaction().execute((trx) =>
      app.container.services.messenger.queueEmail(trx, {
        userId: null,
        to: 'a@example.com',
        template: 'test_email',
        data: { operator: 'o' },
      }),
    );
    const worker = app.container.services.deliveryWorker;
    for (let i = 0; i < 6; i++) {
      await worker.runOnce();
      clock.advance(8000);
    }
    expect(statuses()).toEqual([{ status: 'failed', n: 1, attempts: 6 }]);
    await smtp.up();
    await worker.runOnce();
    expect(smtp.messages).toHaveLength(0);
    const owner = { id: 1, username: 'olivia', role: 'owner' as const, sessionId: null };
    await app.container.services.outbox.retry(1, owner, { ip: '127.0.0.1', userAgent: 'test' });
    await worker.runOnce();
    expect(delivered()).toEqual(['a@example.com']);
  });

  it('delivers exactly once when the app is restarted mid-queue', async () => {
    smtp.delayMs = 15;
    await queue50();
    await app.container.startBackground();
    await until(() => smtp.messages.length >= 10, '10 messages');
    await app.close();
    const before = smtp.messages.length;
    expect(before).toBeLessThan(50);
    app = await startServices({ dir, clock, delivery: { policy: POLICY, pollMs: 50 } });
    expect(statuses()).toEqual([
      { status: 'pending', n: 50 - before, attempts: 0 },
      { status: 'sent', n: before, attempts: 1 },
    ]);
    await app.container.startBackground();
    await until(() => smtp.messages.length >= 50, 'all 50 messages');
    await new Promise((r) => setTimeout(r, 300));
    expect(delivered()).toEqual([...RECIPIENTS].sort());
    expect(statuses()).toEqual([{ status: 'sent', n: 50, attempts: 1 }]);
  });

  it('sends a message interrupted mid-send by a crash on the next start', async () => {
    await queue50();
    app.container.database.sqlite.prepare("UPDATE outbox SET status = 'sending' WHERE id <= 3").run();
    await app.close();
    app = await startServices({ dir, clock, delivery: { policy: POLICY, pollMs: 50 } });
    await app.container.startBackground();
    if (testEngine() === 'postgres') {
      // A shared database: another process may still be sending those 3 within its claim's
      // lease, so they wait for the lease to run out (a SQLite file releases them at start).
      await until(() => smtp.messages.length >= 47, 'the 47 unclaimed messages');
      await new Promise((r) => setTimeout(r, 300));
      expect(smtp.messages.length).toBe(47);
      clock.advance(CLAIM_LEASE_MS + 1000);
    }
    await until(() => smtp.messages.length >= 50, 'all 50 messages');
    expect(delivered()).toEqual([...RECIPIENTS].sort());
  });
});
