import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import { describe, expect, it } from 'vitest';
import { migrationProvider } from '../electron/main/db/migrations';

/** The last migration of the released set this snapshot stands for. */
const RELEASED_UP_TO = '007-rate-limits';

/** Every schema object SQLite records after migrating a fresh file up to `target`, in a stable order. */
async function schemaAfter(target: string): Promise<string> {
  const sqlite = new BetterSqlite3(':memory:');
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
  try {
    const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateTo(target);
    if (error) throw error instanceof Error ? error : new Error('migration failed');
    expect(results?.map((r) => r.status)).toEqual(Array(7).fill('Success'));
    const rows = sqlite
      .prepare(
        "SELECT type, name, tbl_name, sql FROM sqlite_master WHERE name NOT LIKE 'kysely_%' ORDER BY type, name",
      )
      .all() as { type: string; name: string; tbl_name: string; sql: string | null }[];
    // The one row a migration writes: a random 128-bit instance id, as lower-case hex.
    expect(sqlite.prepare("SELECT value FROM meta WHERE key = 'instance_id'").pluck().get()).toMatch(
      /^[0-9a-f]{32}$/,
    );
    return rows.map((r) => `-- ${r.type} ${r.name} on ${r.tbl_name}\n${r.sql ?? '(implicit)'};\n`).join('\n');
  } finally {
    await db.destroy();
  }
}

describe('released migrations on SQLite (issue 14: made portable to PostgreSQL)', () => {
  it('still produce the identical SQLite schema, statement for statement', async () => {
    // Snapshot taken from the code before the migrations were made portable; any change to a
    // released migration's SQLite output (a column, a collation, STRICT, a trigger body) fails here.
    await expect(await schemaAfter(RELEASED_UP_TO)).toMatchFileSnapshot(
      './__snapshots__/sqlite-schema-001-007.sql',
    );
  });
});
