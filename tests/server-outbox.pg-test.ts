import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyFileKeychain } from '../electron/main/adapters/key-file.keychain';
import { MemoryLogger } from '../electron/main/adapters/logger';
import { OutboxRepository } from '../electron/main/db/repositories/outbox.repository';
import { startServer, type RunningServer } from '../electron/main/server';
import { testPgServer } from './support/engine';
import { OWNER } from './support/people';
import { removeDir, tempDir } from './support/services';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server';
import { callApi, signInHttp } from './support/team-server';

const USERS = 40;
const PASSWORD = 'members have long passwords too';

/** Counts the messages a server's own delivery worker attempted (a spy around the real runOnce). */
function countSends(s: RunningServer): { sent: number } {
  const worker = s.container.services.deliveryWorker;
  const real = worker.runOnce.bind(worker);
  const count = { sent: 0 };
  worker.runOnce = async () => {
    const n = await real();
    count.sent += n;
    return n;
  };
  return count;
}

// Issue 19, item 5: two team servers on one PostgreSQL database, each with its own outbox worker
// (startServer starts it), send each queued message exactly once.
describe('team server on PostgreSQL: two servers, one outbox', () => {
  const dir = tempDir('portcullis-server-outbox-');
  let a: RunningServer;
  let b: RunningServer;
  let smtp: TestSmtpServer;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    const db = await (await testPgServer()).createDatabase();
    const keyFile = join(dir, 'keys.json');
    const start = () =>
      startServer({
        db,
        listen: '127.0.0.1:0',
        keychain: new KeyFileKeychain(keyFile),
        logger: new MemoryLogger(),
        // Both workers poll often, so either may take a row the other server queued.
        delivery: { pollMs: 25 },
      });
    a = await start();
    b = await start();
    await a.container.services.auth.createOwner(OWNER, { ip: '127.0.0.1', userAgent: 'test' });
  }, 60_000);
  afterAll(async () => {
    await a.close();
    await b.close();
    await smtp.stop();
    removeDir(dir);
  });

  it(`${USERS} password resets sent through both servers at once: the SMTP server receives each exactly once`, async () => {
    const ownerA = await signInHttp(a.url, OWNER.username, OWNER.password);
    const ownerB = await signInHttp(b.url, OWNER.username, OWNER.password);
    // Mail settings through the API (the SMTP password lands in the servers' shared key file).
    const saved = await callApi(
      a.url,
      'mail:saveSettings',
      {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'starttls',
        user: smtp.user,
        password: smtp.password,
        from: 'portcullis@example.com',
        fromName: 'Portcullis',
        allowSelfSigned: true,
      },
      { token: ownerA },
    );
    expect(saved.body.ok).toBe(true);
    const services = await callApi(
      b.url,
      'delivery:updateServices',
      { smsEnabled: false, smsAvailable: 0, emailEnabled: true },
      { token: ownerB },
    );
    expect(services.body.ok).toBe(true);
    const ids: number[] = [];
    for (let i = 0; i < USERS; i++) {
      const made = await callApi(
        i % 2 ? b.url : a.url,
        'users:create',
        {
          username: `member${String(i)}`,
          displayName: `Member ${String(i)}`,
          email: `member${String(i)}@example.com`,
          role: 'member',
          password: PASSWORD,
        },
        { token: i % 2 ? ownerB : ownerA },
      );
      expect(made.body.ok).toBe(true);
      ids.push((made.body.value as { id: number }).id);
    }
    const sentBy = { A: countSends(a), B: countSends(b) };
    smtp.delayMs = 5;
    // One reset per user, half asked of each server, all in flight together.
    const answers = await Promise.all(
      ids.map((id, i) =>
        callApi(
          i % 2 ? b.url : a.url,
          'users:sendPasswordReset',
          { userIds: [id] },
          { token: i % 2 ? ownerB : ownerA },
        ),
      ),
    );
    expect(answers.filter((r) => !r.body.ok)).toEqual([]);
    const outbox = new OutboxRepository(a.container.database.db);
    const deadline = Date.now() + 30_000;
    while ((await outbox.counts()).sent < USERS && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    // Both workers keep polling a while longer: a second send would show up now.
    await new Promise((r) => setTimeout(r, 500));
    smtp.delayMs = 0;
    const resets = smtp.messages.filter((m) => m.to.startsWith('member'));
    const perRecipient = new Map<string, number>();
    for (const m of resets) perRecipient.set(m.to, (perRecipient.get(m.to) ?? 0) + 1);
    const twice = [...perRecipient.values()].filter((n) => n > 1).length;
    const counts = await outbox.counts();
    console.log(
      `two team servers, one outbox: ${String(USERS)} resets asked (${String(USERS / 2)} through each server); server A's worker sent ${String(sentBy.A.sent)}, server B's ${String(sentBy.B.sent)}; the SMTP server received ${String(resets.length)} (${String(perRecipient.size)} recipients, ${String(twice)} more than once); outbox sent=${String(counts.sent)} pending=${String(counts.pending)} sending=${String(counts.sending)} failed=${String(counts.failed)}`,
    );
    expect(resets).toHaveLength(USERS);
    expect([...perRecipient.keys()].sort()).toEqual(
      ids.map((_, i) => `member${String(i)}@example.com`).sort(),
    );
    expect(twice).toBe(0);
    expect(sentBy.A.sent + sentBy.B.sent).toBe(USERS);
    expect(counts).toMatchObject({ sent: USERS, pending: 0, sending: 0, failed: 0 });
  }, 90_000);
});
