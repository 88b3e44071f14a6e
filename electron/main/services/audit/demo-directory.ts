import { existsSync, rmSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { z } from 'zod';

/**
 * The meta row that says "demo made this database and these users". The app never writes it,
 * so a real directory cannot carry it by accident; users added later by anyone else fall
 * outside its id ranges and make demo refuse the file.
 */
export const DEMO_MARKER_KEY = 'demo_directory';

/** What the marker holds: who wrote it, when, and the id ranges of the users demo created. */
const markerSchema = z.object({
  createdBy: z.literal('portcullis demo'),
  createdAt: z.string(),
  users: z.array(z.tuple([z.number().int(), z.number().int()])),
});
type DemoMarker = z.infer<typeof markerSchema>;

/** Whether demo may write to a database file, and why not. */
export type DemoTarget = { kind: 'fresh' } | { kind: 'demo' } | { kind: 'refused'; reason: string };

function readMarker(db: BetterSqlite3.Database): DemoMarker | null {
  const row = db.prepare('SELECT value FROM meta WHERE key = ?').get(DEMO_MARKER_KEY) as
    { value: string } | undefined;
  if (!row) return null;
  const parsed = markerSchema.safeParse(JSON.parse(row.value));
  return parsed.success ? parsed.data : null;
}

const count = (db: BetterSqlite3.Database, sql: string): number => (db.prepare(sql).get() as { n: number }).n;

/**
 * Decides on an open connection (read-only is enough): a database demo marked, whose every
 * user demo created; or one with no users and no audit log at all (demo's own first run, cut
 * off before it wrote the marker). Anything else is someone's directory.
 */
export function checkDemoDatabase(db: BetterSqlite3.Database): DemoTarget {
  const tables = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map(
      (t) => t.name,
    ),
  );
  if (!tables.has('meta') || !tables.has('users'))
    return tables.size === 0
      ? { kind: 'fresh' }
      : { kind: 'refused', reason: 'it is not a Portcullis database' };
  const marker = readMarker(db);
  if (!marker) {
    const empty =
      count(db, 'SELECT count(*) AS n FROM users') === 0 &&
      (!tables.has('audit_events') || count(db, 'SELECT count(*) AS n FROM audit_events') === 0);
    return empty
      ? { kind: 'fresh' }
      : { kind: 'refused', reason: 'it is a real Portcullis directory (it was not created by demo)' };
  }
  const inRanges = marker.users.map(() => '(id BETWEEN ? AND ?)').join(' OR ');
  const foreign = (
    db
      .prepare(`SELECT count(*) AS n FROM users${inRanges ? ` WHERE NOT (${inRanges})` : ''}`)
      .get(...marker.users.flat()) as { n: number }
  ).n;
  return foreign === 0
    ? { kind: 'demo' }
    : {
        kind: 'refused',
        reason: `it holds ${foreign} account(s) that demo did not create (someone added real users to it)`,
      };
}

/**
 * Inspects a database file without writing to it: no migration, no journal-mode change, and
 * the -wal/-shm files SQLite creates for a read-only reader are removed again when they were
 * not there before (and hold nothing).
 */
export function inspectDemoTarget(path: string): DemoTarget {
  if (!existsSync(path)) return { kind: 'fresh' };
  if (statSync(path).isDirectory()) return { kind: 'refused', reason: 'it is a folder, not a file' };
  const sidecars = [`${path}-wal`, `${path}-shm`].filter((p) => !existsSync(p));
  let db: BetterSqlite3.Database | null = null;
  try {
    db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    return checkDemoDatabase(db);
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
  if (readMarker(db)) return;
  const marker: DemoMarker = { createdBy: 'portcullis demo', createdAt: now.toISOString(), users: [] };
  db.prepare('INSERT INTO meta (key, value) VALUES (?, ?)').run(DEMO_MARKER_KEY, JSON.stringify(marker));
}

/** Records users demo just created; call inside the transaction that inserted them. */
export function recordDemoUsers(db: BetterSqlite3.Database, firstId: number, lastId: number): void {
  const marker = readMarker(db);
  if (!marker) throw new Error('recordDemoUsers: the database has no demo marker.');
  marker.users.push([firstId, lastId]);
  db.prepare('UPDATE meta SET value = ? WHERE key = ?').run(JSON.stringify(marker), DEMO_MARKER_KEY);
}
