import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRaw } from '../../../../tests/support/raw-db';
import { removeDir, startServices, type TestApp } from '../../../../tests/support/services';
import { startSmtpServer, type TestSmtpServer } from '../../../../tests/support/smtp-server';
import { startSmsGateway, type TestSmsGateway } from '../../../../tests/support/sms-gateway';
import { configureDelivery } from '../../../../tests/support/delivery';
import type { UserRow } from '../../db/repositories/user.repository';

/**
 * A sealed one-time code is bound to its outbox row and recipient (AES-GCM associated data):
 * someone with write access to the database file cannot make the worker send one person's code
 * to another, or to an address of their choosing.
 */
describe('sealed outbox codes are bound to their row and recipient', () => {
  let app: TestApp;
  let smtp: TestSmtpServer;
  let sms: TestSmsGateway;
  const users: Record<string, UserRow> = {};
  const CODES = { alice: '493817', bob: '205914', carol: '771203' } as const;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    sms = await startSmsGateway();
    app = await startServices();
    await configureDelivery(app, { smtp, sms });
    for (const [name, phone] of [
      ['alice', '+447700900123'],
      ['bob', '+447700900456'],
      ['carol', null],
    ] as const)
      users[name] = await app.container.repositories.users.insert({
        username: name,
        displayName: name,
        email: `${name}@example.com`,
        phone,
        role: 'member',
        canChangePassword: true,
        canSendSms: true,
        now: app.clock.now().toISOString(),
      });
  });
  afterAll(async () => {
    await app.close();
    removeDir(app.dir);
    await smtp.stop();
    await sms.stop();
  });

  /** Queues `name`'s code; returns its outbox row id. */
  const queue = async (name: keyof typeof CODES, via: 'email' | 'sms' = 'email'): Promise<number> => {
    const d = await app.container.database.db.transaction().execute(async (trx) => {
      const u = users[name];
      if (!u) throw new Error(name);
      return app.container.services.messenger.queueCode(trx, {
        user: { id: u.id, username: name, email: u.email, canSendSms: true },
        via,
        phone: u.phone,
        code: CODES[name],
        purpose: 'sign_in',
        minutes: 10,
      });
    });
    if (d.messageId === undefined) throw new Error('no outbox row');
    return d.messageId;
  };
  /** Raw SQL through a second connection to the real database, as an attacker would. */
  const tamper = (sql: string, ...params: unknown[]) => {
    const raw = openRaw(app.dbPath);
    try {
      raw.prepare(sql).run(...params);
    } finally {
      raw.close();
    }
  };
  /** Swaps the `secret` column of two rows (read both first, then write both). */
  const swapSecrets = (a: number, b: number) => {
    const raw = openRaw(app.dbPath);
    try {
      const read = raw.prepare('SELECT secret FROM outbox WHERE id = ?').pluck();
      const [sa, sb] = [read.get(a), read.get(b)];
      expect(sa).not.toBe(sb);
      const write = raw.prepare('UPDATE outbox SET secret = ? WHERE id = ?');
      raw.transaction(() => {
        write.run(sb, a);
        write.run(sa, b);
      })();
    } finally {
      raw.close();
    }
  };
  const row = (id: number) =>
    app.container.database.sqlite
      .prepare('SELECT status, secret, last_error FROM outbox WHERE id = ?')
      .get(id) as { status: string; secret: string | null; last_error: string | null };
  const sentText = () => [
    ...smtp.messages.map((m) => `${m.to} ${m.text}`),
    ...sms.messages.map((m) => `${m.to} ${m.body}`),
  ];

  it('swapping the sealed secret between two rows fails both with a reason, and sends no code', async () => {
    const a = await queue('alice');
    const b = await queue('bob', 'sms');
    const c = await queue('carol');
    swapSecrets(a, b);
    expect(await app.container.services.deliveryWorker.runOnce()).toBe(3);
    for (const id of [a, b]) {
      const r = row(id);
      expect(r).toMatchObject({ status: 'failed', secret: null });
      expect(r.last_error).toMatch(/could not be decrypted for this message and recipient.*not sent/);
    }
    // The untouched row is the control: it still goes out with its own code.
    expect(row(c).status).toBe('sent');
    await smtp.waitForMessage({ to: 'carol@example.com' });
    const out = sentText();
    console.log(
      `Swapped sealed codes: ${out.length} message(s) sent (carol's control only); alice and bob failed with: ${row(a).last_error ?? ''}`,
    );
    expect(out).toHaveLength(1);
    for (const code of [CODES.alice, CODES.bob]) expect(out.join('\n')).not.toContain(code);
    // Nothing fell back to email either: a row whose code cannot be opened has no code to forward.
    expect(sms.messages).toHaveLength(0);
  });

  it('the same recipient with another row, or the same row with another recipient, fails too', async () => {
    smtp.messages.length = 0;
    const first = await queue('alice');
    const second = await queue('alice');
    const third = await queue('bob');
    // Row binding: two rows of the same recipient and user swap their seals.
    swapSecrets(first, second);
    // Recipient binding: the third row redirected to an address the attacker reads.
    tamper("UPDATE outbox SET recipient = 'mallory@example.com' WHERE id = ?", third);
    await app.container.services.deliveryWorker.runOnce();
    for (const id of [first, second, third])
      expect(row(id)).toMatchObject({ status: 'failed', secret: null });
    expect(smtp.messages).toHaveLength(0);
  });

  it('a row sealed the old, unbound way is failed with its own reason (codes live 10 minutes)', async () => {
    smtp.messages.length = 0;
    const id = await queue('carol');
    const legacy = app.container.services.cipher.encrypt(CODES.carol, 'outbox:code');
    tamper('UPDATE outbox SET secret = ? WHERE id = ?', legacy, id);
    await app.container.services.deliveryWorker.runOnce();
    expect(row(id)).toMatchObject({ status: 'failed', secret: null });
    expect(row(id).last_error).toMatch(/earlier version of Portcullis.*ask for a new code/);
    expect(smtp.messages).toHaveLength(0);
  });
});
