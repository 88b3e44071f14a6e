import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { copyPostgresFor, databaseArg, testEngine } from './engine';
import { openSyncPg, type SyncPg } from './sync-pg';

/**
 * A raw, synchronous connection to a test database, outside the app: what an attacker with write
 * access (or a test reading the rows) has. better-sqlite3 on a SQLite file; on PostgreSQL the
 * synchronous stand-in (sync-pg.ts) on the database standing for that path. The SQL must be
 * plain enough for both (the stand-in turns `?` into $n).
 */
export type RawDb = Pick<SyncPg, 'prepare' | 'exec' | 'transaction' | 'close'>;

/** Opens a raw connection to the test database at `path` (read-only on SQLite when asked). */
export function openRaw(path: string, o: { readonly?: boolean } = {}): RawDb {
  if (testEngine() === 'postgres') return openSyncPg(databaseArg(path));
  const raw = new BetterSqlite3(path, { readonly: o.readonly ?? false, fileMustExist: true });
  return raw as unknown as RawDb;
}

/** Drops every trigger of the database (the append-only guards), as an attacker with write access can. */
export function dropTriggers(raw: RawDb): void {
  if (testEngine() === 'postgres') {
    const triggers = raw
      .prepare(
        `SELECT t.tgname AS name, c.relname AS tbl FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
         WHERE NOT t.tgisinternal`,
      )
      .all() as { name: string; tbl: string }[];
    for (const t of triggers) raw.exec(`DROP TRIGGER ${t.name} ON ${t.tbl}`);
    return;
  }
  const triggers = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'trigger'").all() as {
    name: string;
  }[];
  for (const t of triggers) raw.exec(`DROP TRIGGER ${t.name}`);
}

/**
 * Copies the test database at `source` (closed: nobody connected) to `target`: the file on SQLite,
 * CREATE DATABASE ... TEMPLATE on PostgreSQL (then `target` stands for the copy).
 */
export async function copyDatabase(source: string, target: string): Promise<void> {
  if (testEngine() === 'postgres') await copyPostgresFor(source, target);
  else copyFileSync(source, target);
}

/**
 * Everything a test database stores, for plaintext-secret scans: the SQLite file and its WAL; on
 * PostgreSQL every value of every table (text as is, bytea as its bytes), so a scan there looks at
 * the data and does not pass for want of a file.
 */
export function storedBytes(path: string): Buffer {
  if (testEngine() !== 'postgres')
    return Buffer.concat([path, `${path}-wal`].filter((p) => existsSync(p)).map((p) => readFileSync(p)));
  const raw = openRaw(path);
  try {
    const tables = raw
      .prepare(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
      )
      .all() as { name: string }[];
    const parts: Buffer[] = [];
    for (const { name } of tables)
      for (const row of raw.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[])
        for (const value of Object.values(row)) {
          if (value === null || value === undefined) continue;
          parts.push(
            value instanceof Uint8Array
              ? Buffer.from(value)
              : Buffer.from(`${String(value as string | number | boolean)}\n`),
          );
        }
    return Buffer.concat(parts);
  } finally {
    raw.close();
  }
}
