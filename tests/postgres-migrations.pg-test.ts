import BetterSqlite3 from 'better-sqlite3';
import { Kysely, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { beforeAll, describe, expect, it } from 'vitest';
import { testPgServer } from './support/engine';
import type { PgServer } from './support/pg-server';
import { ImmediateSqliteDialect } from '../electron/main/db/immediate-sqlite-dialect';
import { migrationProvider } from '../electron/main/db/migrations';
import { connectPostgres } from '../electron/main/db/pg-connection';
import { engineOfDb, likeCi, tableExists } from '../electron/main/db/engine-sql';

/** The released migrations made portable in issue 14 (later ones are checked by their own tests). */
const PORTABLE_UP_TO = '007-rate-limits';

let server: PgServer;
beforeAll(async () => {
  server = await testPgServer();
});

async function migratedPostgres(): Promise<Kysely<unknown>> {
  const { db } = await connectPostgres(await server.createDatabase());
  const { error } = await new Migrator({ db, provider: migrationProvider }).migrateTo(PORTABLE_UP_TO);
  if (error) throw error instanceof Error ? error : new Error('migration failed');
  return db as Kysely<unknown>;
}

async function migratedSqlite(): Promise<Kysely<unknown>> {
  const db = new Kysely<unknown>({
    dialect: new ImmediateSqliteDialect({ database: new BetterSqlite3(':memory:') }),
  });
  await new Migrator({ db, provider: migrationProvider }).migrateTo(PORTABLE_UP_TO);
  return db;
}

const PEOPLE = [
  ['Mike.Smith', 'Mike Smith', 'mike.smith@example.com', '+44 20 7946 0958'],
  ['anna_lee-jones', 'Anna Lee-Jones', 'ANNA+admin@corp.example.org', null],
  ['x', 'Dr. Ümit Öz', 'u@x.io', '555'],
] as const;

async function addPeople(db: Kysely<unknown>): Promise<void> {
  for (const [username, name, email, phone] of PEOPLE)
    await sql`INSERT INTO users (username, display_name, email, phone, role, created_at, updated_at)
      VALUES (${username}, ${name}, ${email}, ${phone}, 'member', 't', 't')`.execute(db);
}

const terms = async (db: Kysely<unknown>) =>
  (
    await sql<{
      term: string;
      user_id: number;
    }>`SELECT term, user_id FROM user_terms ORDER BY user_id, term`.execute(db)
  ).rows;

describe('migrations 001-007 on PostgreSQL', () => {
  it('two processes starting at once migrate once (advisory lock), both then see the schema', async () => {
    const url = await server.createDatabase();
    const [a, b] = await Promise.all([connectPostgres(url), connectPostgres(url)]);
    const results = await Promise.all(
      [a, b].map(({ db }) => new Migrator({ db, provider: migrationProvider }).migrateTo(PORTABLE_UP_TO)),
    );
    expect(results.map((r) => r.error)).toEqual([undefined, undefined]);
    // One of the two ran all seven; the other found them done.
    expect(results.map((r) => r.results?.length ?? 0).sort()).toEqual([0, 7]);
    const applied = await sql<{ n: number }>`SELECT count(*) AS n FROM kysely_migration`.execute(a.db);
    expect(applied.rows[0]?.n).toBe(7);
    await Promise.all([a.db.destroy(), b.db.destroy()]);
  });

  it('the audit log is append-only by trigger: UPDATE, DELETE and TRUNCATE are refused', async () => {
    const db = await migratedPostgres();
    await sql`INSERT INTO audit_events (at, code, message, prev_hash, hash) VALUES ('t', 'c', 'm', 'p', 'h')`.execute(
      db,
    );
    await expect(sql`UPDATE audit_events SET message = 'x'`.execute(db)).rejects.toThrow('append-only');
    await expect(sql`DELETE FROM audit_events`.execute(db)).rejects.toThrow('append-only');
    await expect(sql`TRUNCATE audit_events`.execute(db)).rejects.toThrow('append-only');
    const left = await sql<{ message: string }>`SELECT message FROM audit_events`.execute(db);
    expect(left.rows).toEqual([{ message: 'm' }]);
    await db.destroy();
  });

  it('ids are numbered by the database and read back as numbers; instance id is 32 hex digits', async () => {
    const db = await migratedPostgres();
    await addPeople(db);
    const ids = await sql<{ id: unknown }>`SELECT id FROM users ORDER BY id`.execute(db);
    expect(ids.rows.map((r) => r.id)).toEqual([1, 2, 3]);
    const count = await sql<{ n: unknown }>`SELECT count(*) AS n FROM users`.execute(db);
    expect(count.rows[0]?.n).toBe(3);
    const meta = await sql<{ value: string }>`SELECT value FROM meta WHERE key = 'instance_id'`.execute(db);
    expect(meta.rows[0]?.value).toMatch(/^[0-9a-f]{32}$/);
    await db.destroy();
  });

  it('username and email are unique and matched without regard to case (COLLATE NOCASE on both engines)', async () => {
    const db = await migratedPostgres();
    await addPeople(db);
    await expect(
      sql`INSERT INTO users (username, display_name, email, role, created_at, updated_at)
        VALUES ('MIKE.SMITH', 'M', 'other@example.com', 'member', 't', 't')`.execute(db),
    ).rejects.toThrow(/duplicate key/);
    const found = await sql<{
      id: number;
    }>`SELECT id FROM users WHERE email = ${'anna+ADMIN@CORP.example.org'}`.execute(db);
    expect(found.rows).toEqual([{ id: 2 }]);
    await db.destroy();
  });

  it('the word-start search table holds the same terms on both engines, on insert and on update', async () => {
    const [pg, lite] = [await migratedPostgres(), await migratedSqlite()];
    for (const db of [pg, lite]) {
      await addPeople(db);
      await sql`UPDATE users SET display_name = 'Anna Marie Lee' WHERE id = 2`.execute(db);
    }
    const expected = await terms(lite);
    expect(expected.length).toBeGreaterThan(20);
    expect(expected).toContainEqual({ term: 'marie lee', user_id: 2 });
    expect(await terms(pg)).toEqual(expected);
    await Promise.all([pg.destroy(), lite.destroy()]);
  });

  it('the named pieces repositories use answer alike on both engines (case-blind LIKE, table exists)', async () => {
    for (const db of [await migratedPostgres(), await migratedSqlite()]) {
      await addPeople(db);
      const engine = engineOfDb(db);
      const like = (column: string, pattern: string) =>
        sql<{ id: number }>`SELECT id FROM users WHERE ${likeCi(engine, column, pattern)} ORDER BY id`
          .execute(db)
          .then((r) => r.rows.map((row) => row.id));
      // username is a case-insensitive (nocase) column: PostgreSQL refuses a plain LIKE on it.
      expect([engine, await like('username', '%SMITH%')]).toEqual([engine, [1]]);
      expect([engine, await like('email', '%corp.EXAMPLE%')]).toEqual([engine, [2]]);
      // Only ASCII letters fold, as in SQLite's LIKE: 'ümit' does not find 'Ümit'.
      expect([engine, await like('display_name', '%ümit%')]).toEqual([engine, []]);
      expect([engine, await tableExists(db, 'user_terms'), await tableExists(db, 'nothing_here')]).toEqual([
        engine,
        true,
        false,
      ]);
      await db.destroy();
    }
  });
});
