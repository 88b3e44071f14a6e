import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OutboxRepository } from '../electron/main/db/repositories/outbox.repository';
import { configureDelivery } from './support/delivery';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server';
import { twoContainersOnOnePg, type PgPair } from './support/two-containers';

const MESSAGES = 100;
let pair: PgPair;
let smtp: TestSmtpServer;
beforeAll(async () => {
  smtp = await startSmtpServer();
  pair = await twoContainersOnOnePg();
});
afterAll(async () => {
  await pair.close();
  await smtp.stop();
});

describe('two outbox workers in two service containers on one PostgreSQL database (issue 14, item 4)', () => {
  it(`${MESSAGES} queued emails, both delivery workers running: each is sent exactly once over SMTP`, async () => {
    const { a, b } = pair;
    // Settings in the shared database, the SMTP password in the shared keychain: both see them.
    await configureDelivery(a, { smtp });
    const outbox = new OutboxRepository(a.container.database.db);
    const now = a.clock.now().toISOString();
    for (let i = 0; i < MESSAGES; i++)
      await outbox.insert({
        created_at: now,
        updated_at: now,
        user_id: null,
        channel: 'email',
        recipient: `person${i}@example.com`,
        subject: `Message ${i}`,
        template: 'welcome',
        body_text: `Hello person ${i}`,
        body_html: null,
        secret: null,
        fallback_email: null,
        fallback_id: null,
        max_attempts: 3,
        next_attempt_at: now,
        last_error: null,
        sent_at: null,
      });
    // Each accepted message takes a moment, so a worker's batch is still being sent while the
    // other starts. Worker B starts (as a second process would: start() releases only expired
    // claims, never A's rows mid-send) once A holds its first claim.
    smtp.delayMs = 10;
    const workerA = a.container.services.deliveryWorker.runOnce();
    while ((await outbox.counts()).sending === 0) await new Promise((r) => setTimeout(r, 5));
    const heldByA = (await outbox.counts()).sending;
    await b.container.services.deliveryWorker.start();
    const sentByA = await workerA;
    while ((await outbox.counts()).sent < MESSAGES) await new Promise((r) => setTimeout(r, 20));
    await b.container.services.deliveryWorker.stop();
    const sentByB = MESSAGES - sentByA;
    smtp.delayMs = 0;
    console.log(`worker B started while worker A held ${heldByA} claimed rows`);

    const perRecipient = new Map<string, number>();
    for (const m of smtp.messages) perRecipient.set(m.to, (perRecipient.get(m.to) ?? 0) + 1);
    const twice = [...perRecipient.values()].filter((n) => n > 1).length;
    const counts = await outbox.counts();
    console.log(
      `two outbox workers: ${MESSAGES} messages, worker A sent ${sentByA}, worker B sent ${sentByB}; the SMTP server received ${smtp.messages.length} (${perRecipient.size} recipients, ${twice} more than once); outbox sent=${counts.sent} pending=${counts.pending} sending=${counts.sending} failed=${counts.failed}`,
    );
    expect(smtp.messages).toHaveLength(MESSAGES);
    expect(perRecipient.size).toBe(MESSAGES);
    expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(MESSAGES);
    expect(sentByA + sentByB).toBe(MESSAGES);
    expect(sentByA).toBeGreaterThan(0);
    expect(sentByB).toBeGreaterThan(0);
    expect(counts).toMatchObject({ sent: MESSAGES, pending: 0, sending: 0, failed: 0 });
  });
});
