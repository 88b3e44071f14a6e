import { sql } from 'kysely';
import type { Db } from '../../db/connection';
import { connectPostgres } from '../../db/pg-connection';
import {
  DEMO_MARKER_KEY,
  decideDemoTarget,
  newMarkerValue,
  parseMarker,
  type DemoProbe,
  type DemoTarget,
} from './demo-directory';

/**
 * The PostgreSQL probe. Tables come from pg_catalog, which lists every relation whatever the
 * role may read (information_schema shows only those it has a privilege on): the current
 * schema's by name, any other non-system schema's as schema.name.
 */
function pgProbe(db: Db): DemoProbe {
  const n = async (query: ReturnType<typeof sql<{ n: number }>>) => (await query.execute(db)).rows[0]?.n ?? 0;
  return {
    tables: async () => {
      const { rows } = await sql<{ name: string }>`
        SELECT CASE WHEN n.nspname = current_schema() THEN c.relname ELSE n.nspname || '.' || c.relname END AS name
        FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
        WHERE c.relkind IN ('r', 'p', 'v', 'm', 'f')
          AND n.nspname <> 'information_schema' AND left(n.nspname, 3) <> 'pg_'`.execute(db);
      return new Set(rows.map((r) => r.name));
    },
    marker: async () =>
      (await db.selectFrom('meta').select('value').where('key', '=', DEMO_MARKER_KEY).executeTakeFirst())
        ?.value ?? null,
    count: (table) => n(sql<{ n: number }>`SELECT count(*) AS n FROM ${sql.table(table)}`),
    usersOutside: (ranges) =>
      n(
        ranges.length === 0
          ? sql<{ n: number }>`SELECT count(*) AS n FROM users`
          : sql<{ n: number }>`SELECT count(*) AS n FROM users WHERE NOT (${sql.join(
              ranges.map(([a, b]) => sql`(id BETWEEN ${a} AND ${b})`),
              sql` OR `,
            )})`,
      ),
  };
}

/** Decides on an open PostgreSQL connection, in a read-only transaction (see decideDemoTarget). */
export async function checkDemoDatabasePg(db: Db): Promise<DemoTarget> {
  try {
    return await db.transaction().execute(async (trx) => {
      await sql`SET TRANSACTION READ ONLY`.execute(trx);
      return decideDemoTarget(pgProbe(trx));
    });
  } catch (e) {
    return { kind: 'refused', reason: `it could not be read (${(e as Error).message})` };
  }
}

/**
 * Inspects the database a postgres:// URL names before anything opens it for writing: no
 * migration runs, and the look happens in a read-only transaction. Connection problems throw
 * (the message says what to do).
 */
export async function inspectPostgresTarget(url: string): Promise<{ target: DemoTarget; display: string }> {
  const { db, target } = await connectPostgres(url);
  try {
    return { target: await checkDemoDatabasePg(db), display: target.display };
  } finally {
    await db.destroy();
  }
}

/** Marks a PostgreSQL database as demo's (first run), keeping ranges already recorded. */
export async function markDemoDatabasePg(db: Db, now: Date): Promise<void> {
  await db
    .insertInto('meta')
    .values({ key: DEMO_MARKER_KEY, value: newMarkerValue(now) })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
}

/**
 * Records users demo just created; call inside the transaction that inserted them. The marker
 * row is locked (FOR UPDATE), so two demo runs at once cannot lose each other's ranges.
 */
export async function recordDemoUsersPg(trx: Db, ranges: [number, number][]): Promise<void> {
  const row = await trx
    .selectFrom('meta')
    .select('value')
    .where('key', '=', DEMO_MARKER_KEY)
    .forUpdate()
    .executeTakeFirst();
  const marker = parseMarker(row?.value);
  if (!marker) throw new Error('recordDemoUsers: the database has no demo marker.');
  marker.users.push(...ranges);
  await trx
    .updateTable('meta')
    .set({ value: JSON.stringify(marker) })
    .where('key', '=', DEMO_MARKER_KEY)
    .execute();
}
