import { closeSync, existsSync, openSync, readSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { AuditRow } from '../../db/repositories/audit.repository';
import { LOAD_END_INDEXES, RowWriter, rowValues } from './review-db';
import { IndexReader, inSqlMode, indexPath, type LineRef } from './line-index';

/**
 * The private copy of the verified event lines (lines.bin beside the review database, in the
 * 0700 folder) and the rows read from it: phase 1 of a load pages from it by id, phase 2 fills
 * the full rows from it. Lines are read back from the copy, never from the export (which may
 * have changed since it was verified).
 */

/** Where the private copy of a review database's lines is. */
export function linesPath(dbPath: string): string {
  return join(dirname(dbPath), 'lines.bin');
}

const ID_KEY = Buffer.from(',"id":');

/** The event id of a verified line: read in place after `"n":N`, else from the parsed line. */
export function lineId(buf: Buffer, line: number): number | null {
  let i = 79;
  while (i < buf.length && buf[i] !== 0x2c) i++;
  let ok = true;
  for (let k = 0; k < ID_KEY.length; k++) if (buf[i + k] !== ID_KEY[k]) ok = false;
  if (ok) {
    i += ID_KEY.length;
    const start = i;
    let id = 0;
    for (let c = buf[i] ?? 0; c >= 0x30 && c <= 0x39; c = buf[++i] ?? 0) id = id * 10 + (c - 0x30);
    const digits = i - start;
    if (
      digits > 0 &&
      digits < 16 &&
      (buf[i] === 0x2c || buf[i] === 0x7d) &&
      !(digits > 1 && buf[start] === 0x30)
    )
      return id;
  }
  const v = rowValues(buf, line);
  return typeof v?.[0] === 'number' ? v[0] : null;
}

/**
 * Reads lines of the private copy. With `block` > 0 it reads that many bytes ahead (phase 2 reads
 * the copy in order); the main thread reads each line alone (a page is a few dozen lines).
 */
class CopyReader {
  private buf: Buffer;
  private start = 0;
  private end = 0;
  constructor(
    private readonly fd: number,
    private readonly block = 0,
  ) {
    this.buf = Buffer.allocUnsafe(Math.max(block, 64 * 1024));
  }

  read(r: LineRef): Buffer {
    if (r.off >= this.start && r.off + r.len <= this.end)
      return this.buf.subarray(r.off - this.start, r.off - this.start + r.len);
    const want = Math.max(r.len, this.block);
    if (want > this.buf.length) this.buf = Buffer.allocUnsafe(want);
    let got = 0;
    while (got < want) {
      const n = readSync(this.fd, this.buf, got, want - got, r.off + got);
      if (n === 0) break;
      got += n;
    }
    this.start = r.off;
    this.end = r.off + got;
    return this.buf.subarray(0, Math.min(got, r.len));
  }
}

/** Row values (review-db.ts order) as the row object the repository returns. */
function toRow(v: unknown[], id: number): AuditRow {
  const [, , at, code, message, actorId, actor, subjectId, subject, ip, session, location, device] = v;
  return {
    id,
    at: at as string,
    code: code as string,
    message: message as string,
    actor_id: actorId as number | null,
    actor_name: actor as string | null,
    subject_id: subjectId as number | null,
    subject_name: subject as string | null,
    ip: ip as string | null,
    session_hash: session as string | null,
    location: location as string | null,
    device_type: device as string | null,
    browser: v[13] as string | null,
    os: v[14] as string | null,
    details: v[15] as string,
    prev_hash: '',
    hash: v[16] as string,
  };
}

/** Most bytes read for one page on the main thread (a hostile file's long lines end it early). */
const PAGE_BYTES = 8 * 1024 * 1024;

/** Pages of the rows loaded so far, from lines.idx (or review_lines) and the private copy (main thread). */
export class LinesReader {
  private readonly fd: number;
  private readonly indexFd: number;
  private readonly index: IndexReader;
  private readonly copy: CopyReader;
  private sqlMode: boolean;
  constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly dbPath: string,
  ) {
    this.fd = openSync(linesPath(dbPath), 'r');
    // Without lines.idx (a worker of an earlier version), review_lines indexes the copy.
    this.sqlMode = !existsSync(indexPath(dbPath));
    this.indexFd = this.sqlMode ? -1 : openSync(indexPath(dbPath), 'r');
    this.index = new IndexReader(this.indexFd);
    this.copy = new CopyReader(this.fd);
  }

  /** True once the load moved to review_lines (a hostile file's ids repeat or go back). */
  private sql(): boolean {
    if (!this.sqlMode) this.sqlMode = inSqlMode(this.dbPath);
    return this.sqlMode;
  }

  private rows(refs: LineRef[], limit: number): AuditRow[] {
    const out: AuditRow[] = [];
    let bytes = 0;
    for (const r of refs) {
      if (out.length === limit || (out.length > 0 && bytes + r.len > PAGE_BYTES)) break;
      bytes += r.len;
      const v = rowValues(this.copy.read(r), r.line);
      if (v) out.push(toRow(v, r.id));
    }
    return out;
  }

  /** Newest first, below `before`; nextCursor as the repository's page. */
  page(before: number | undefined, pageSize: number): { rows: AuditRow[]; nextCursor: number | null } {
    let refs: LineRef[];
    if (this.sql())
      refs = this.sqlite
        .prepare('SELECT id, line, off, len FROM review_lines WHERE id < ? ORDER BY id DESC LIMIT ?')
        .all(before ?? Number.MAX_SAFE_INTEGER, pageSize + 1) as LineRef[];
    else {
      const n = this.index.count();
      const end = before === undefined ? n : this.index.lowerBound(before, n);
      refs = this.index.range(Math.max(0, end - pageSize - 1), end).reverse();
    }
    const rows = this.rows(refs, pageSize);
    const more = refs.length > rows.length;
    return { rows, nextCursor: more ? (rows[rows.length - 1]?.id ?? null) : null };
  }

  /** Rows newer than `after`, newest first. */
  newerThan(after: number, limit: number): AuditRow[] {
    let refs: LineRef[];
    if (this.sql())
      refs = this.sqlite
        .prepare('SELECT id, line, off, len FROM review_lines WHERE id > ? ORDER BY id DESC LIMIT ?')
        .all(after, limit) as LineRef[];
    else {
      const n = this.index.count();
      const from = this.index.lowerBound(Math.floor(after) + 1, n);
      refs = this.index.range(Math.max(from, n - limit), n).reverse();
    }
    return this.rows(refs, limit);
  }

  /** Rows counted up to `cap`. */
  countCapped(cap: number): { count: number; capped: boolean } {
    const n = this.sql()
      ? (
          this.sqlite
            .prepare('SELECT count(*) AS n FROM (SELECT 1 FROM review_lines LIMIT ?)')
            .get(cap + 1) as {
            n: number;
          }
        ).n
      : this.index.count();
    return { count: Math.min(n, cap), capped: n > cap };
  }

  close(): void {
    if (this.indexFd >= 0) closeSync(this.indexFd);
    closeSync(this.fd);
  }
}

/** Batches of the kept lines in id order: from lines.idx (`indexFd`), else from review_lines. */
function* refBatches(db: BetterSqlite3.Database, indexFd: number | undefined): Generator<LineRef[]> {
  const BATCH = 5000;
  if (indexFd !== undefined) {
    const index = new IndexReader(indexFd);
    const n = index.count();
    for (let i = 0; i < n; i += BATCH) yield index.range(i, Math.min(i + BATCH, n));
    return;
  }
  const next = db.prepare('SELECT id, line, off, len FROM review_lines WHERE id > ? ORDER BY id LIMIT ?');
  let after = Number.MIN_SAFE_INTEGER;
  for (;;) {
    const refs = next.all(after, BATCH) as LineRef[];
    if (refs.length === 0) return;
    yield refs;
    after = refs[refs.length - 1]?.id ?? after;
  }
}

/**
 * Phase 2 (worker, after the verdict): the full rows of every kept line, read from the private
 * copy in id order and committed in batches, then the filter indexes, then one checkpoint.
 */
export function fillRows(db: BetterSqlite3.Database, fd: number, indexFd?: number): void {
  // Phase 1's pages go to the database file now, and the WAL is checkpointed as it grows, so the
  // full rows' pages are not looked up in (or copied out of) one WAL as big as the export.
  db.pragma('wal_checkpoint(TRUNCATE)');
  db.pragma('wal_autocheckpoint = 4096');
  const writer = new RowWriter(db);
  const copy = new CopyReader(fd, 4 * 1024 * 1024);
  for (const refs of refBatches(db, indexFd)) {
    db.exec('BEGIN');
    for (const r of refs) {
      const v = rowValues(copy.read(r), r.line);
      if (!v) continue;
      // The id phase 1 indexed (the same unless a hostile line repeats its "id" key).
      v[0] = r.id;
      writer.add(v);
    }
    writer.flush();
    db.exec('COMMIT');
  }
  for (const ddl of LOAD_END_INDEXES) db.exec(ddl);
  db.pragma('wal_checkpoint(TRUNCATE)');
}
