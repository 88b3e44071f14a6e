import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoCommand } from '../cli/commands/demo.command';
import { openDatabase } from '../electron/main/db/connection';
import { AuditRepository } from '../electron/main/db/repositories/audit.repository';
import { verifyDatabase } from '../electron/main/services/audit/verify-db';
import { DEMO_MARKER_KEY } from '../electron/main/services/audit/demo-directory';
import { runInProcess } from './support/cli-in-process';
import { testPgServer } from './support/engine';
import type { PgServer } from './support/pg-server';

// Issue 14: `portcullis demo --db postgres://…` on a real PostgreSQL server: it fills a fresh
// database with a chain that verifies, adds to its own database (chained onto a running app's
// appends, never forked), and refuses a foreign database or a real directory with nothing written.
let server: PgServer;
const clients: pg.Client[] = [];

async function connect(url: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  clients.push(c);
  return c;
}

const demo = (url: string, args: string[]) => runInProcess(demoCommand, url, ['demo', ...args]);

/** Every table of the database (any schema) with its rows, for "nothing was written". */
async function snapshot(url: string): Promise<string> {
  const c = await connect(url);
  const { rows } = await c.query<{ s: string; t: string }>(
    `SELECT table_schema AS s, table_name AS t FROM information_schema.tables
     WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
  );
  const out: unknown[] = [];
  for (const { s, t } of rows)
    out.push([s, t, (await c.query(`SELECT * FROM "${s}"."${t}" ORDER BY 1`)).rows]);
  return JSON.stringify(out);
}

async function counts(url: string): Promise<Record<string, number>> {
  const c = await connect(url);
  const n = async (q: string) => Number((await c.query<{ n: string }>(q)).rows[0]?.n);
  return {
    users: await n('SELECT count(*) AS n FROM users'),
    mustChange: await n('SELECT count(*) AS n FROM users WHERE must_change_password = 1'),
    credentials: await n("SELECT count(*) AS n FROM credentials WHERE kind = 'password'"),
    sessions: await n('SELECT count(*) AS n FROM sessions'),
    tokens: await n('SELECT count(*) AS n FROM api_tokens'),
    events: await n('SELECT count(*) AS n FROM audit_events'),
  };
}

/** `demo: N users, N sessions, N tokens, N events` from the output. */
function summary(out: string): number[] {
  const m = /demo: (\d+) users, (\d+) sessions, (\d+) tokens, (\d+) events in [\d.]+ s/.exec(out);
  if (!m) throw new Error(`no summary in: ${out}`);
  return m.slice(1).map(Number);
}

beforeAll(async () => {
  server = await testPgServer();
}, 60_000);

afterAll(async () => {
  for (const c of clients) await c.end();
});

describe('portcullis demo --db postgres://', () => {
  it('fills a fresh database (chain intact), then adds to it while an app appends: one chain, still intact', async () => {
    const url = await server.createDatabase();
    const first = await demo(url, ['--users', '50', '--events', '5000']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    expect(first.out).toMatch(/^\s+owner\s+owner\s+[a-z2-9]{5}(-[a-z2-9]{5}){3}$/m);
    const [users, sessions, tokens, events] = summary(first.out);
    const c1 = await counts(url);
    console.log(`demo on a fresh PostgreSQL database: ${JSON.stringify(c1)}`);
    expect(c1).toEqual({ users: 50, mustChange: 50, credentials: 50, sessions, tokens, events: 5000 });
    expect([users, events]).toEqual([50, 5000]);
    expect(sessions).toBeGreaterThan(0);
    const v1 = await verifyDatabase(url);
    expect(v1).toMatchObject({ status: 'intact', events: 5000 });

    // A running app on the same database appends while demo adds to it: demo takes the chain's
    // lock and reads the head inside it, so the appends and the demo's events form one chain.
    const app = await openDatabase(url);
    const audit = new AuditRepository(app.db);
    let appended = 0;
    const state = { done: false };
    const appending = (async () => {
      while (!state.done) {
        await audit.append({
          at: new Date().toISOString(),
          code: 'settings:changed',
          message: 'settings changed by the app',
          actor_id: null,
          actor_name: null,
          subject_id: null,
          subject_name: null,
          ip: null,
          session_hash: null,
          location: null,
          device_type: null,
          browser: null,
          os: null,
          details: '{}',
        });
        appended++;
      }
    })();
    const second = await demo(url, ['--users', '10', '--events', '12000']).finally(() => {
      state.done = true;
    });
    await appending;
    await app.close();
    expect(second.err).toBe('');
    expect(second.code).toBe(0);
    expect(second.out).not.toMatch(/^\s+owner\s/m); // the owner exists already
    const c2 = await counts(url);
    console.log(`second demo run with an app appending ${appended} events meanwhile: ${JSON.stringify(c2)}`);
    expect(appended).toBeGreaterThan(0);
    expect(c2.users).toBe(60);
    expect(c2.events).toBe(17_000 + appended);
    const v2 = await verifyDatabase(url);
    console.log(`audit verify --db after the second run: ${v2.status}`);
    expect(v2).toMatchObject({ status: 'intact', events: 17_000 + appended });

    // The marker records demo's users; a real user added later makes demo refuse the database.
    const c = await connect(url);
    const marker = (
      await c.query<{ value: string }>('SELECT value FROM meta WHERE key = $1', [DEMO_MARKER_KEY])
    ).rows[0]?.value;
    expect(JSON.parse(marker ?? '{}')).toMatchObject({ createdBy: 'portcullis demo' });
    await c.query(
      `INSERT INTO users (username, display_name, email, role, created_at, updated_at)
       VALUES ('realperson', 'Real Person', 'real@example.com', 'member', '2026-01-01T00:00:00.000Z', '2026-01-01T00:00:00.000Z')`,
    );
    const before = await snapshot(url);
    const refused = await demo(url, ['--users', '5', '--events', '10']);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/holds 1 account\(s\) that demo did not create/);
    expect(await snapshot(url)).toEqual(before);
  }, 120_000);

  it('refuses a database that is not Portcullis: exit 2, not migrated, every row unchanged', async () => {
    const url = await server.createDatabase();
    const c = await connect(url);
    await c.query('CREATE TABLE orders (id integer PRIMARY KEY, item text NOT NULL)');
    await c.query("INSERT INTO orders VALUES (1, 'tea'), (2, 'bread')");
    const before = await snapshot(url);
    const r = await demo(url, ['--users', '5', '--events', '10']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /demo refused to write to postgres:\/\/.*: it is not a Portcullis database\. Nothing was changed/,
    );
    expect(r.err).not.toContain(new URL(url).password);
    expect(r.out).toBe('');
    expect(await snapshot(url)).toEqual(before);
    const tables = await c.query<{ t: string }>(
      "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(tables.rows.map((t) => t.t)).toEqual(['orders']); // no kysely_migration: never migrated
  });

  it('refuses a real Portcullis directory (users and audit events demo did not make): exit 2, nothing written', async () => {
    const url = await server.createDatabase();
    const real = await openDatabase(url);
    const now = '2026-01-01T00:00:00.000Z';
    const { id } = await real.db
      .insertInto('users')
      .values({
        username: 'olivia',
        display_name: 'Olivia',
        email: 'o@example.com',
        role: 'owner',
        created_at: now,
        updated_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await new AuditRepository(real.db).append({
      at: now,
      code: 'user:created',
      message: 'olivia created',
      actor_id: id,
      actor_name: 'olivia',
      subject_id: id,
      subject_name: 'olivia',
      ip: null,
      session_hash: null,
      location: null,
      device_type: null,
      browser: null,
      os: null,
      details: '{}',
    });
    await real.close();
    const before = await snapshot(url);
    const r = await demo(url, ['--users', '5', '--events', '10']);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /it is a real Portcullis directory \(it was not created by demo\)\. Nothing was changed/,
    );
    expect(await snapshot(url)).toEqual(before);
    console.log(
      'demo against a real PostgreSQL directory and a foreign database: exit 2, every row unchanged',
    );
  });
});
