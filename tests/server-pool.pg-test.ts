import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyFileKeychain } from '../electron/main/adapters/key-file.keychain';
import { MemoryLogger } from '../electron/main/adapters/logger';
import { createContainer } from '../electron/main/container';
import { openDatabase } from '../electron/main/db/connection';
import { connectPostgres, setPostgresPoolSize } from '../electron/main/db/pg-connection';
import { OutboxRepository } from '../electron/main/db/repositories/outbox.repository';
import { verifyDatabase } from '../electron/main/services/audit/verify-db';
import { bundleCli } from './support/cli-bundle';
import { testPgServer } from './support/engine';
import { OWNER } from './support/people';
import { removeDir, tempDir } from './support/services';
import { startSmtpServer, type TestSmtpServer } from './support/smtp-server';
import { callApi, signInHttp } from './support/team-server';

const POOL = 8;
const MEMBERS = 16;
const BURST = 20;
const PASSWORD = 'members have long passwords too';
const runs = (xs: string[]) => {
  const m = new Map<string, number>();
  for (const x of [...xs].sort()) m.set(x, (m.get(x) ?? 0) + 1);
  return [...m].map(([k, n]) => `${String(n)}× ${k}`).join(', ');
};

// Issue 19, item 6: `portcullis serve --db-pool 8` runs up to 8 transactions of one server at once.
// Every race between them must be settled in the database, as between two servers: bursts of
// parallel calls against one server process, then the facts read from PostgreSQL.
describe(`portcullis serve --db-pool ${String(POOL)} on PostgreSQL: parallel bursts`, () => {
  const dir = tempDir('portcullis-server-pool-');
  const keyFile = join(dir, 'keys.json');
  let url = '';
  let db = '';
  let child: ChildProcess;
  let owner = '';
  let smtp: TestSmtpServer;
  const ids: number[] = [];
  const inspect = () => connectPostgres(`${db}${db.includes('?') ? '&' : '?'}application_name=pool-test`);

  beforeAll(async () => {
    smtp = await startSmtpServer();
    db = await (await testPgServer()).createDatabase();
    // The owner first, in this process (one connection), as `portcullis init` would.
    const setup = await createContainer({
      dbPath: db,
      keychain: new KeyFileKeychain(keyFile),
      logger: new MemoryLogger(),
    });
    await setup.services.auth.createOwner(OWNER, { ip: '127.0.0.1', userAgent: 'test' });
    await setup.close();
    child = spawn(process.execPath, [
      bundleCli('server-pool'),
      'serve',
      '--db',
      db,
      '--db-pool',
      String(POOL),
      '--listen',
      '127.0.0.1:0',
      '--key-file',
      keyFile,
    ]);
    let out = '';
    url = await new Promise<string>((resolve, reject) => {
      child.stdout?.on('data', (c: Buffer) => {
        out += c.toString();
        const m = /team server on (http:\/\/127\.0\.0\.1:\d+) \(.*, (\d+) connections\)/.exec(out);
        if (m?.[2] === String(POOL)) resolve(m[1] ?? '');
      });
      child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
      child.once('exit', () => {
        reject(new Error(`serve exited early: ${out}`));
      });
    });
    owner = await signInHttp(url, OWNER.username, OWNER.password);
    for (let i = 0; i < MEMBERS; i++) {
      const made = await callApi(
        url,
        'users:create',
        {
          username: `mem${String(i)}`,
          displayName: `Member ${String(i)}`,
          email: `mem${String(i)}@example.com`,
          role: 'member',
          password: PASSWORD,
        },
        { token: owner },
      );
      if (!made.body.ok) throw new Error(`users:create refused: ${JSON.stringify(made.body)}`);
      ids.push((made.body.value as { id: number }).id);
    }
  }, 90_000);
  afterAll(async () => {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
    await smtp.stop();
    removeDir(dir);
  });

  it(`${String(3 * MEMBERS)} audit-writing calls at once: the server used several connections, the chain verifies, no fork`, async () => {
    const answers = await Promise.all(
      Array.from({ length: 3 * MEMBERS }, (_, i) =>
        callApi(
          url,
          'users:update',
          { id: ids[i % MEMBERS], displayName: `Renamed ${String(i)}` },
          { token: owner },
        ),
      ),
    );
    const { db: look } = await inspect();
    try {
      const { rows } = await sql<{
        n: number;
      }>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'portcullis'`.execute(
        look,
      );
      const serverConnections = rows[0]?.n ?? 0;
      const chain = await sql<{
        n: number;
        d: number;
      }>`SELECT count(*) AS n, count(DISTINCT prev_hash) AS d FROM audit_events`.execute(look);
      const verdict = await verifyDatabase(db, { keychain: new KeyFileKeychain(keyFile) });
      console.log(
        `serve --db-pool ${String(POOL)}: ${String(answers.length)} parallel users:update answered ${runs(answers.map((a) => (a.body.ok ? 'ok' : (a.body.code ?? String(a.status)))))}; the server holds ${String(serverConnections)} connections (pool + LISTEN); audit ${String(chain.rows[0]?.n)} events, ${String(chain.rows[0]?.d)} distinct prev_hash; verify: ${verdict.status}`,
      );
      expect(answers.filter((a) => !a.body.ok)).toEqual([]);
      // One pool connection and the LISTEN one would be 2: more shows transactions ran side by side.
      expect(serverConnections).toBeGreaterThan(2);
      expect(serverConnections).toBeLessThanOrEqual(POOL + 1);
      expect(chain.rows[0]?.d).toBe(chain.rows[0]?.n);
      expect(verdict.status).toBe('intact');
    } finally {
      await look.destroy();
    }
  });

  it(`${String(BURST)} wrong passwords for one account at once: 4 refused, the 5th locks, every other one finds it locked`, async () => {
    const answers = await Promise.all(
      Array.from({ length: BURST }, (_, i) =>
        callApi(url, 'auth:signIn', { login: 'mem0', password: `wrong ${String(i)}` }),
      ),
    );
    const codes = answers.map((a) => a.body.code ?? 'ok');
    const { db: look } = await inspect();
    try {
      const user = await look
        .selectFrom('users')
        .select(['failed_attempts', 'locked_until'])
        .where('username', '=', 'mem0')
        .executeTakeFirstOrThrow();
      const locked = await look
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('code', '=', 'user:locked')
        .where('subject_name', '=', 'mem0')
        .executeTakeFirstOrThrow();
      console.log(
        `serve --db-pool ${String(POOL)}: ${String(BURST)} parallel wrong passwords: ${runs(codes)}; failed_attempts=${String(user.failed_attempts)}, user:locked events ${String(locked.n)}`,
      );
      expect(codes.filter((c) => c === 'invalid_credentials')).toHaveLength(4);
      expect(codes.filter((c) => c === 'account_locked')).toHaveLength(BURST - 4);
      expect(user.failed_attempts).toBe(5);
      expect(user.locked_until).not.toBeNull();
      expect(locked.n).toBe(1);
    } finally {
      await look.destroy();
    }
    expect((await callApi(url, 'auth:signIn', { login: 'mem0', password: PASSWORD })).body.code).toBe(
      'account_locked',
    );
  });

  it(`${String(MEMBERS - 1)} password resets at once: each sent exactly once`, async () => {
    const mail = await callApi(
      url,
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
      { token: owner },
    );
    const services = await callApi(
      url,
      'delivery:updateServices',
      { smsEnabled: false, smsAvailable: 0, emailEnabled: true },
      { token: owner },
    );
    expect([mail.body.ok, services.body.ok]).toEqual([true, true]);
    const targets = ids.slice(1);
    const answers = await Promise.all(
      targets.map((id) => callApi(url, 'users:sendPasswordReset', { userIds: [id] }, { token: owner })),
    );
    expect(answers.filter((a) => !a.body.ok)).toEqual([]);
    const deadline = Date.now() + 30_000;
    while (smtp.messages.length < targets.length && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    // The worker keeps polling: a second send would show up now.
    await new Promise((r) => setTimeout(r, 500));
    const to = smtp.messages.map((m) => m.to).sort();
    console.log(
      `serve --db-pool ${String(POOL)}: ${String(targets.length)} parallel resets, the SMTP server received ${String(to.length)} (${String(new Set(to).size)} recipients)`,
    );
    expect(to).toEqual(targets.map((_, i) => `mem${String(i + 1)}@example.com`).sort());
  });
});

describe(`outbox claims on one pool of ${String(POOL)} connections`, () => {
  it(`${String(POOL)} claimers in one process at once: each of 200 messages claimed exactly once`, async () => {
    setPostgresPoolSize(POOL);
    const opened = await openDatabase(await (await testPgServer()).createDatabase());
    setPostgresPoolSize(1);
    try {
      const repo = new OutboxRepository(opened.db);
      const now = '2026-03-02T09:00:00.000Z';
      const ids: number[] = [];
      for (let i = 0; i < 200; i++)
        ids.push(
          await repo.insert({
            created_at: now,
            updated_at: now,
            user_id: null,
            channel: 'email',
            recipient: `u${String(i)}@example.com`,
            template: 'welcome',
            body_text: 'hello',
            body_html: null,
            secret: null,
            fallback_email: null,
            fallback_id: null,
            max_attempts: 3,
            next_attempt_at: now,
            last_error: null,
            sent_at: null,
          }),
        );
      const claimed = await Promise.all(
        Array.from({ length: POOL }, async () => {
          const mine: number[] = [];
          for (;;) {
            const rows = await repo.claimDue(now, 3);
            if (rows.length === 0) return mine;
            mine.push(...rows.map((r) => r.id));
          }
        }),
      );
      const { rows } = await sql<{
        n: number;
      }>`SELECT count(*) AS n FROM pg_stat_activity WHERE datname = current_database()`.execute(opened.db);
      console.log(
        `one pool of ${String(POOL)}: claims per claimer ${claimed.map((c) => c.length).join(' ')}; ${String(rows[0]?.n)} connections open`,
      );
      expect(claimed.flat().sort((a, b) => a - b)).toEqual(ids);
      expect(claimed.filter((c) => c.length > 0).length).toBeGreaterThan(1);
      expect(rows[0]?.n).toBeGreaterThan(1);
    } finally {
      await opened.close();
    }
  });
});
