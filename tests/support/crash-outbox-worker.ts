// Outbox work for the crash-safety test. `work` runs until killed: it queues a batch of password
// reset codes (each one transaction: reset row + outbox row + audit event, as support's "Send
// reset code" does), then lets the delivery worker send them to the test's loopback SMTP server,
// and starts over. `drain` only delivers, and exits once nothing is pending.
// Usage: crash-outbox-worker DB SMTP_PORT work|drain, with PORTCULLIS_TEST_SMTP_PASSWORD set.
import { createContainer } from '../../electron/main/container';
import { KeytarKeychain } from '../../electron/main/adapters/keytar.keychain';
import { PasswordHasher } from '../../electron/main/security/password-hasher';
import { MemoryLogger } from '../../electron/main/adapters/logger';
import { DeliveryConfig } from '../../electron/main/services/delivery/delivery-config';
import { SettingsRepository } from '../../electron/main/db/repositories/settings.repository';
import { MetaRepository } from '../../electron/main/db/repositories/meta.repository';
import type { Actor } from '../../electron/main/services/context';

const [dbPath = '', port = '', mode = 'work'] = process.argv.slice(2);
const smtpPassword = process.env.PORTCULLIS_TEST_SMTP_PASSWORD ?? '';
if (!dbPath || !port || !smtpPassword || (mode !== 'work' && mode !== 'drain'))
  throw new Error('usage: crash-outbox-worker DB SMTP_PORT work|drain (PORTCULLIS_TEST_SMTP_PASSWORD set)');

/** Messages queued per round before delivery starts. */
const BATCH = 30;
const RECIPIENTS = 20;
const client = { ip: '203.0.113.9', userAgent: 'crash-outbox-worker' };

async function main(): Promise<void> {
  const keychain = new KeytarKeychain('Portcullis-test');
  const container = await createContainer({
    dbPath,
    keychain,
    logger: new MemoryLogger(),
    // Cheap hashing: this test is about atomicity, not password strength.
    hasher: new PasswordHasher({ memoryCost: 1024, timeCost: 1, parallelism: 1 }),
    // Quick retries, so a refused attempt cannot hold the final drain back for long.
    delivery: {
      policy: {
        email: { maxAttempts: 100, baseDelayMs: 50, maxDelayMs: 200 },
        sms: { maxAttempts: 3, baseDelayMs: 50, maxDelayMs: 200 },
      },
      pollMs: 20,
    },
  });
  const { db, sqlite } = container.database;
  const { users, userRows, passwordReset, deliveryWorker } = container.services;
  const config = new DeliveryConfig(
    db,
    new SettingsRepository(db),
    keychain,
    await new MetaRepository(db).instanceId(),
  );
  const now = new Date().toISOString();
  await config.saveMail(
    {
      host: '127.0.0.1',
      port: Number(port),
      security: 'starttls',
      user: 'portcullis',
      from: 'portcullis@example.com',
      fromName: 'Portcullis',
      allowSelfSigned: true,
    },
    now,
  );
  await config.setSecret('smtp-password', smtpPassword);
  // The first run seeds an owner and the recipients (before 'ready', so never killed half-way).
  if (!(await userRows.findByLogin('crashowner'))) {
    for (let i = 0; i <= RECIPIENTS; i++) {
      const username = i === 0 ? 'crashowner' : `recipient${i}`;
      await users.create(
        {
          username,
          displayName: username,
          email: `${username}@example.com`,
          phone: null,
          role: i === 0 ? 'owner' : 'member',
          canChangePassword: true,
          canSendSms: false,
          password: 'crash outbox password 123',
        },
        null,
        client,
      );
    }
  }
  const owner = await userRows.findByLogin('crashowner');
  if (!owner) throw new Error('The owner was not created.');
  const actor: Actor = { id: owner.id, username: owner.username, role: 'owner', sessionId: null };
  const recipients = (
    sqlite.prepare("SELECT id FROM users WHERE role = 'member' ORDER BY id").all() as { id: number }[]
  ).map((r) => r.id);
  const unsent = sqlite.prepare("SELECT count(*) AS n FROM outbox WHERE status IN ('pending', 'sending')");
  const drained = async () => {
    while ((unsent.get() as { n: number }).n > 0) await new Promise((r) => setTimeout(r, 20));
  };
  process.stdout.write('ready\n');
  if (mode === 'drain') {
    await deliveryWorker.start();
    await drained();
    await container.close();
    process.stdout.write('drained\n');
    return;
  }
  for (;;) {
    process.stdout.write('queueing\n');
    for (let i = 0; i < BATCH; i++)
      await passwordReset.send([recipients[i % recipients.length] ?? 0], actor, client);
    process.stdout.write('delivering\n');
    // Releases rows a kill left mid-send, then delivers (a no-op start after the first round).
    await deliveryWorker.start();
    await drained();
  }
}

void main();
