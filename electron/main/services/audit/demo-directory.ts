import { existsSync, rmSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';

/**
 * The meta row that says "demo made this database and these users". The app never writes it,
 * so a real directory cannot carry it by accident; users added later by anyone else fall
 * outside its id ranges and make demo refuse the database. Same row on both engines.
 */
export const DEMO_MARKER_KEY = 'demo_directory';

/** What the marker holds: who wrote it, when, and the id ranges of the users demo created. */
const markerSchema = z.object({
  createdBy: z.literal('portcullis demo'),
  createdAt: z.string(),
  users: z.array(z.tuple([z.number().int(), z.number().int()])),
});
type DemoMarker = z.infer<typeof markerSchema>;

/** Whether demo may write to a database, and why not. */
export type DemoTarget = { kind: 'fresh' } | { kind: 'demo' } | { kind: 'refused'; reason: string };

/** The marker in a meta value, or null (absent or not demo's). */
export function parseMarker(value: string | undefined | null): DemoMarker | null {
  if (value === undefined || value === null) return null;
  try {
    const parsed = markerSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** A new marker's meta value (no users yet). */
export function newMarkerValue(now: Date): string {
  const marker: DemoMarker = { createdBy: 'portcullis demo', createdAt: now.toISOString(), users: [] };
  return JSON.stringify(marker);
}

/** What the target check asks of a database; one implementation per engine. */
export interface DemoProbe {
  /** Tables (the Portcullis schema's by plain name; PostgreSQL: other schemas' as schema.name). */
  tables(): Promise<ReadonlySet<string>>;
  marker(): Promise<string | null>;
  count(table: 'users' | 'audit_events'): Promise<number>;
  /** Users whose id lies outside every range. */
  usersOutside(ranges: [number, number][]): Promise<number>;
}

/**
 * Decides, reading only: a database demo marked, whose every user demo created; or one with no
 * users and no audit log at all (demo's own first run, cut off before it wrote the marker); or
 * an empty one. Anything else is someone's directory, or not Portcullis's at all.
 */
export async function decideDemoTarget(p: DemoProbe): Promise<DemoTarget> {
  const tables = await p.tables();
  if (!tables.has('meta') || !tables.has('users'))
    return tables.size === 0
      ? { kind: 'fresh' }
      : { kind: 'refused', reason: 'it is not a Portcullis database' };
  const marker = parseMarker(await p.marker());
  if (!marker) {
    const empty =
      (await p.count('users')) === 0 &&
      (!tables.has('audit_events') || (await p.count('audit_events')) === 0);
    return empty
      ? { kind: 'fresh' }
      : { kind: 'refused', reason: 'it is a real Portcullis directory (it was not created by demo)' };
  }
  const foreign = await p.usersOutside(marker.users);
  return foreign === 0
    ? { kind: 'demo' }
    : {
        kind: 'refused',
        reason: `it holds ${foreign} account(s) that demo did not create (someone added real users to it)`,
      };
}

/** SQL condition "id in none of the ranges" with its parameters (`?` placeholders). */
export function outsideRanges(ranges: [number, number][]): { where: string; params: number[] } {
  const inRanges = ranges.map(() => '(id BETWEEN ? AND ?)').join(' OR ');
  return { where: inRanges ? ` WHERE NOT (${inRanges})` : '', params: ranges.flat() };
}

/** The SQLite probe (an open connection; read-only is enough). */
function sqliteProbe(db: BetterSqlite3.Database): DemoProbe {
  const n = (text: string, ...params: unknown[]) => (db.prepare(text).get(...params) as { n: number }).n;
  return {
    tables: () =>
      Promise.resolve(
        new Set(
          (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
            (t) => t.name,
          ),
        ),
      ),
    marker: () => Promise.resolve(readMarkerValue(db)),
    count: (table) => Promise.resolve(n(`SELECT count(*) AS n FROM ${table}`)),
    usersOutside: (ranges) => {
      const { where, params } = outsideRanges(ranges);
      return Promise.resolve(n(`SELECT count(*) AS n FROM users${where}`, ...params));
    },
  };
}

function readMarkerValue(db: BetterSqlite3.Database): string | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(DEMO_MARKER_KEY) as
    { value: string } | undefined;
  return row?.value ?? null;
}

/** Decides on an open SQLite connection (see decideDemoTarget). */
export function checkDemoDatabase(db: BetterSqlite3.Database): Promise<DemoTarget> {
  return decideDemoTarget(sqliteProbe(db));
}

/**
 * Inspects a database file without writing to it: no migration, no journal-mode change, and
 * the -wal/-shm files SQLite creates for a read-only reader are removed again when they were
 * not there before (and hold nothing).
 */
export async function inspectDemoTarget(path: string): Promise<DemoTarget> {
  if (!existsSync(path)) return { kind: 'fresh' };
  if (statSync(path).isDirectory()) return { kind: 'refused', reason: 'it is a folder, not a file' };
  const sidecars = [`${path}-wal`, `${path}-shm`].filter((p) => !existsSync(p));
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    return await checkDemoDatabase(db);
  } catch (e) {
    return { kind: 'refused', reason: `it could not be read as a database (${(e as Error).message})` };
  } finally {
    db?.close();
    for (const p of sidecars)
      if (existsSync(p) && (p.endsWith('-shm') || statSync(p).size === 0)) rmSync(p, { force: true });
  }
}

/** Marks a database as demo's (first run), keeping ranges already recorded. */
export function markDemoDatabase(db: BetterSqlite3.Database, now: Date): void {
  if (parseMarker(readMarkerValue(db))) return;
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(DEMO_MARKER_KEY, newMarkerValue(now));
}

/** Records users demo just created; call inside the transaction that inserted them. */
export function recordDemoUsers(db: BetterSqlite3.Database, firstId: number, lastId: number): void {
  const marker = parseMarker(readMarkerValue(db));
  if (!marker) throw new Error('recordDemoUsers: the database has no demo marker.');
  marker.users.push([firstId, lastId]);
  db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(JSON.stringify(marker), DEMO_MARKER_KEY);
}
