import type BetterSqlite3 from 'better-sqlite3';
import { nestsDeeperThan } from '../audit/open-export';
import { fastRowValues } from './review-parse';

/** Deeper than this, a line is never given to JSON.parse (Portcullis writes two or three levels). */
const MAX_NESTING = 64;
/** Lines longer than this are scanned for nesting first. */
const SCAN_ABOVE = 16 * 1024;
/** What a row shows instead of details that nest deeper than MAX_NESTING. */
const TOO_DEEP = '{"unreadable":"the details nest deeper than 64 levels and are not shown"}';

/** The temporary review table: the live log's columns plus the file line each event came from. */
export const REVIEW_SCHEMA = `CREATE TABLE audit_events (
  id INTEGER PRIMARY KEY, line INTEGER NOT NULL, at TEXT NOT NULL, code TEXT NOT NULL, message TEXT NOT NULL,
  actor_id INTEGER, actor_name TEXT, subject_id INTEGER, subject_name TEXT, ip TEXT, session_hash TEXT,
  location TEXT, device_type TEXT, browser TEXT, os TEXT, details TEXT NOT NULL, prev_hash TEXT NOT NULL, hash TEXT NOT NULL)`;

/**
 * Built by the worker once the verdict is out, so the main thread never writes: the timeline's
 * (code, at), the time bounds' (at), and one per filter (event or group, IP, user).
 */
export const LOAD_END_INDEXES = [
  'CREATE INDEX r_at ON audit_events (at)',
  'CREATE INDEX r_code_at ON audit_events (code, at)',
  'CREATE INDEX r_code ON audit_events (code, id)',
  'CREATE INDEX r_ip ON audit_events (ip, id)',
  'CREATE INDEX r_subject ON audit_events (subject_name COLLATE NOCASE, id)',
  'CREATE INDEX r_actor ON audit_events (actor_name COLLATE NOCASE, id)',
];

const str = (v: unknown): string | null =>
  typeof v === 'string' ? v : v === null || v === undefined ? null : safeJson(v);
const int = (v: unknown): number | null => (Number.isSafeInteger(v) ? (v as number) : null);

function safeJson(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch {
    // Deeply nested or otherwise unprintable: shown as a note, never as the file's bytes.
    return '"(too deeply nested to show)"';
  }
}

/**
 * Turns one verified event line into the row's values, or null when it has no usable id. Every
 * field is coerced to text or an integer: a hostile file cannot make SQLite bind an object.
 */
export function rowValues(buf: Buffer, line: number): unknown[] | null {
  // Parsing a million nested arrays would exhaust the worker's heap: the other fields are read
  // in place and the details are replaced by a note. (A short line cannot nest harmfully deep,
  // so ordinary lines skip the scan.)
  if (buf.length > SCAN_ABOVE && nestsDeeperThan(buf, MAX_NESTING))
    return fastRowValues(buf, line, TOO_DEEP) ?? null;
  let e: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(buf.toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
    e = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  const id = int(e.id);
  if (id === null) return null;
  const details = e.details ?? {};
  return [
    id,
    line,
    str(e.at) ?? '',
    str(e.code) ?? '',
    str(e.message) ?? '',
    int(e.actorId),
    str(e.actor),
    int(e.subjectId),
    str(e.subject),
    str(e.ip),
    str(e.sessionHash),
    str(e.location),
    str(e.deviceType),
    str(e.browser),
    str(e.os),
    typeof details === 'object' ? safeJson(details) : safeJson({ value: details }),
    str(e.hash) ?? '',
  ];
}

const TUPLE = `(${Array.from({ length: 18 }, (_, k) => (k === 16 ? "''" : '?')).join(', ')})`;
const PER_STATEMENT = 100;

/**
 * Creates the schema in a fresh review database tuned for one writer and concurrent readers: WAL
 * (the main thread reads committed batches while the worker writes), 16 KB pages, no sync (the
 * file is thrown away), and no automatic checkpoint during the load (the worker checkpoints once at
 * the end, so nothing is copied twice while loading and the main thread never checkpoints).
 */
export function prepareReviewDb(db: BetterSqlite3.Database): LineWriter {
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = OFF');
  db.pragma('wal_autocheckpoint = 0');
  db.exec(REVIEW_SCHEMA);
  db.exec(LINES_SCHEMA);
  return new LineWriter(db);
}

/** Phase 1 of a load: where each verified event line is in the private copy (review-lines.ts). */
export const LINES_SCHEMA =
  'CREATE TABLE review_lines (id INTEGER PRIMARY KEY, line INTEGER NOT NULL, off INTEGER NOT NULL, len INTEGER NOT NULL)';

/** Inserts review_lines rows a hundred per statement; `flush` before a commit. */
export class LineWriter {
  private readonly many: BetterSqlite3.Statement;
  private readonly one: BetterSqlite3.Statement;
  private readonly values: number[] = [];
  /** Rows inserted so far (a repeated id is skipped). */
  inserted = 0;

  constructor(db: BetterSqlite3.Database) {
    this.many = db.prepare(
      `INSERT OR IGNORE INTO review_lines VALUES ${Array<string>(PER_STATEMENT).fill('(?, ?, ?, ?)').join(', ')}`,
    );
    this.one = db.prepare('INSERT OR IGNORE INTO review_lines VALUES (?, ?, ?, ?)');
  }

  /** Rows added but not yet inserted. */
  get buffered(): number {
    return this.values.length / 4;
  }

  add(id: number, line: number, off: number, len: number): void {
    this.values.push(id, line, off, len);
    if (this.values.length === PER_STATEMENT * 4) this.flush();
  }

  flush(): void {
    const v = this.values;
    if (v.length === PER_STATEMENT * 4) this.inserted += this.many.run(v).changes;
    else for (let i = 0; i < v.length; i += 4) this.inserted += this.one.run(v.slice(i, i + 4)).changes;
    v.length = 0;
  }
}

/** Inserts rows a hundred per statement (fewer calls into SQLite); `flush` before a commit. */
export class RowWriter {
  private readonly many: BetterSqlite3.Statement;
  private readonly one: BetterSqlite3.Statement;
  private values: unknown[] = [];
  private rows = 0;
  /** Rows inserted so far (a repeated id is skipped). */
  inserted = 0;

  constructor(db: BetterSqlite3.Database) {
    this.many = db.prepare(
      `INSERT OR IGNORE INTO audit_events VALUES ${Array<string>(PER_STATEMENT).fill(TUPLE).join(', ')}`,
    );
    this.one = db.prepare(`INSERT OR IGNORE INTO audit_events VALUES ${TUPLE}`);
  }

  /** Rows added but not yet inserted. */
  get buffered(): number {
    return this.rows;
  }

  add(row: unknown[]): void {
    for (const v of row) this.values.push(v);
    if (++this.rows === PER_STATEMENT) this.flush();
  }

  flush(): void {
    if (this.rows === PER_STATEMENT) this.inserted += this.many.run(...this.values).changes;
    else
      for (let i = 0; i < this.rows; i++)
        this.inserted += this.one.run(...this.values.slice(i * 17, i * 17 + 17)).changes;
    this.values = [];
    this.rows = 0;
  }
}
