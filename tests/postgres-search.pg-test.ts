import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db, type OpenedDatabase } from '../electron/main/db/connection';
import { UserRepository } from '../electron/main/db/repositories/user.repository';
import { AuditRepository } from '../electron/main/db/repositories/audit.repository';
import { AUDIT_SEARCH_TEXT, containsCi, USER_SEARCH_TEXT } from '../electron/main/db/search-text.sql';
import { TRIGRAM_NOTE_KEY } from '../electron/main/db/migrations/010-search-indexes';
import { chainHash, GENESIS_HASH } from '../electron/main/security/audit-chain';
import { testPgServer } from './support/engine';
import type { PgServer } from './support/pg-server';

// Issue 14, item 5: on PostgreSQL, user and audit search match substrings through pg_trgm GIN
// indexes (migration 010), and the audit filter by a user name has its (name, id) keyset index.
const NOW = '2026-03-02T09:00:00.000Z';
const NAMES = ['olsen', 'ivanova', 'garcia', 'muller', 'tanaka'];
let server: PgServer;
let opened: OpenedDatabase;
beforeAll(async () => {
  server = await testPgServer();
  opened = await openDatabase(await server.createDatabase());
  const { db } = opened;
  for (let i = 0; i < 200; i++) {
    const last = NAMES[i % NAMES.length] ?? 'olsen';
    await db
      .insertInto('users')
      .values({
        username: `${last}${i}`,
        display_name: `Person ${last.toUpperCase()} ${i}`,
        email: `p${i}.${last}@corp${i % 7}.example.org`,
        phone: `+4479110${String(i).padStart(5, '0')}`,
        role: 'member',
        created_at: NOW,
        updated_at: NOW,
      })
      .execute();
  }
  const audit = new AuditRepository(db);
  let prev = GENESIS_HASH;
  for (let i = 0; i < 50; i++) {
    const row = await audit.append({
      at: NOW,
      code: 'user:logged_in',
      message: `${NAMES[i % NAMES.length] ?? 'olsen'}${i} signed in`,
      actor_id: null,
      actor_name: `${NAMES[i % NAMES.length] ?? 'olsen'}${i}`,
      subject_id: null,
      subject_name: `${NAMES[i % NAMES.length] ?? 'olsen'}${i}`,
      ip: null,
      session_hash: null,
      location: i % 2 ? 'Reykjavik, Iceland' : null,
      device_type: null,
      browser: null,
      os: null,
      details: '{}',
    });
    expect(row.prev_hash === prev || i === 0).toBe(true);
    expect(row.hash).toBe(chainHash(row.prev_hash, row));
    prev = row.hash;
  }
});
afterAll(async () => {
  await opened.close();
});

/** The plan of `query` with sequential scans priced out: which index the expression can use. */
async function planOf(db: Db, where: ReturnType<typeof containsCi>, table: 'users' | 'audit_events') {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const { rows } = await sql<{
      'QUERY PLAN': string;
    }>`EXPLAIN SELECT id FROM ${sql.table(table)} WHERE ${where}`.execute(trx);
    return rows.map((r) => r['QUERY PLAN']).join('\n');
  });
}

async function usernames(search: string): Promise<string[]> {
  const r = await new UserRepository(opened.db).list({
    search,
    sort: 'username',
    direction: 'asc',
    page: 1,
    pageSize: 500,
    now: NOW,
  });
  return r.rows.map((u) => u.username);
}

describe('substring search on PostgreSQL (migration 010, pg_trgm)', () => {
  it('migration 010 created pg_trgm, both trigram indexes and the (name, id) keyset indexes', async () => {
    const { rows } = await sql<{
      indexname: string;
    }>`SELECT indexname FROM pg_indexes WHERE indexname IN ('users_search_trgm', 'audit_search_trgm', 'audit_subject_name_id', 'audit_actor_name_id') ORDER BY indexname`.execute(
      opened.db,
    );
    const ext = await sql`SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'`.execute(opened.db);
    console.log(
      `migration 010: pg_trgm ${ext.rows.length ? 'installed' : 'missing'}, indexes ${rows.map((r) => r.indexname).join(', ')}`,
    );
    expect(rows.map((r) => r.indexname)).toEqual([
      'audit_actor_name_id',
      'audit_search_trgm',
      'audit_subject_name_id',
      'users_search_trgm',
    ]);
  });

  it('user search matches inside words ("vanova", "LSEN", "rp3.exa"), still by word start, and wildcards literally', async () => {
    const inside = await usernames('vanova');
    const upper = await usernames('LSEN');
    const domain = await usernames('rp3.exa');
    const prefix = await usernames('tana');
    const literal = await usernames('%_%');
    console.log(
      `user search: "vanova" ${inside.length}, "LSEN" ${upper.length}, "rp3.exa" ${domain.length}, "tana" ${prefix.length}, "%_%" ${literal.length}`,
    );
    expect(inside).toHaveLength(40);
    expect(inside.every((u) => u.startsWith('ivanova'))).toBe(true);
    expect(upper).toHaveLength(40);
    expect(domain.length).toBeGreaterThan(0);
    expect(domain.length).toBeLessThan(40);
    expect(prefix).toHaveLength(40);
    expect(literal).toEqual([]);
  });

  it('the queries use the trigram indexes (the expression is the indexed one)', async () => {
    const users = await planOf(opened.db, containsCi(USER_SEARCH_TEXT, 'vanova'), 'users');
    const audit = await planOf(opened.db, containsCi(AUDIT_SEARCH_TEXT, 'reykj'), 'audit_events');
    console.log(`plans:\n${users}\n${audit}`);
    expect(users).toContain('users_search_trgm');
    expect(audit).toContain('audit_search_trgm');
  });

  it('audit free-text search matches substrings of message and location, case-blind', async () => {
    const page = (text: string) =>
      new AuditRepository(opened.db).page({ filter: { text }, pageSize: 100 }).then((r) => r.rows.length);
    const counts = {
      vanova: await page('vanova'),
      EYKJAV: await page('EYKJAV'),
      nowhere: await page('nowhere'),
    };
    console.log(`audit search: ${JSON.stringify(counts)}`);
    expect(counts).toEqual({ vanova: 10, EYKJAV: 25, nowhere: 0 });
  });
});

describe('migration 010 without the right to create pg_trgm', () => {
  let role = '';
  let dbName = '';
  afterAll(async () => {
    if (dbName) await server.admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    if (role) await server.admin(`DROP ROLE IF EXISTS ${role}`);
  });

  it('succeeds without the trigram indexes, says why in meta, and search still matches substrings', async () => {
    role = `pcl_noext_${randomBytes(4).toString('hex')}`;
    dbName = `portcullis_noext_${randomBytes(4).toString('hex')}`;
    const password = randomBytes(18).toString('base64url');
    await server.admin(`CREATE ROLE ${role} LOGIN PASSWORD '${password}'`);
    // The database is the administrator's: the role may create tables, not extensions.
    await server.admin(`CREATE DATABASE ${dbName} TEMPLATE template0`);
    const su = new pg.Client({ host: server.dir, port: server.port, user: 'postgres', database: dbName });
    await su.connect();
    try {
      await su.query(
        `GRANT CONNECT ON DATABASE ${dbName} TO ${role}; GRANT USAGE, CREATE ON SCHEMA public TO ${role}`,
      );
    } finally {
      await su.end();
    }
    const d = await openDatabase(`postgres://${role}:${password}@127.0.0.1:${server.port}/${dbName}`);
    try {
      const note = await d.db
        .selectFrom('meta')
        .select('value')
        .where('key', '=', TRIGRAM_NOTE_KEY)
        .executeTakeFirst();
      const indexes = await sql<{
        n: string;
      }>`SELECT count(*) AS n FROM pg_indexes WHERE indexname LIKE '%_trgm'`.execute(d.db);
      console.log(`without pg_trgm: ${note?.value ?? 'no note'}`);
      expect(note?.value).toMatch(/may not create the pg_trgm extension.*CREATE EXTENSION pg_trgm/);
      expect(Number(indexes.rows[0]?.n)).toBe(0);
      await d.db
        .insertInto('users')
        .values({
          username: 'olsen',
          display_name: 'Ola Olsen',
          email: 'ola@example.org',
          role: 'member',
          created_at: NOW,
          updated_at: NOW,
        })
        .execute();
      const found = await new UserRepository(d.db).list({
        search: 'lsen',
        sort: 'username',
        direction: 'asc',
        page: 1,
        pageSize: 50,
        now: NOW,
      });
      expect(found.rows.map((u) => u.username)).toEqual(['olsen']);
      // The administrator's statements from docs/postgresql.md give the same indexes.
      const page = readFileSync(join(__dirname, '../docs/postgresql.md'), 'utf8');
      const section = page.split('## Substring search')[1]?.split('\n## ')[0] ?? '';
      const statements = /```sql\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
      const admin = new pg.Client({
        host: server.dir,
        port: server.port,
        user: 'postgres',
        database: dbName,
      });
      await admin.connect();
      try {
        await admin.query(statements);
      } finally {
        await admin.end();
      }
      const plan = await planOf(d.db, containsCi(USER_SEARCH_TEXT, 'lsen'), 'users');
      const left = await d.db
        .selectFrom('meta')
        .select('value')
        .where('key', '=', TRIGRAM_NOTE_KEY)
        .execute();
      expect(plan).toContain('users_search_trgm');
      expect(await planOf(d.db, containsCi(AUDIT_SEARCH_TEXT, 'lsen'), 'audit_events')).toContain(
        'audit_search_trgm',
      );
      expect(left).toEqual([]);
    } finally {
      await d.close();
    }
  });
});
