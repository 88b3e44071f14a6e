import { closeSync, existsSync, ftruncateSync, openSync, writeFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { ExportVerdict } from '../../../../shared/domain/audit';
import type { ReviewHeaderView, TrustedSignerView } from '../../../../shared/ipc/contracts/review.contract';
import { verifyExportFile } from '../audit/verify';
import type { ExportHeader } from '../audit/export-format';
import { prepareReviewDb } from './review-db';
import { fillRows, lineId, linesPath } from './review-lines';
import {
  IndexReader,
  RECORD,
  RecordBatch,
  appendRecords,
  indexPath,
  refsOf,
  sqlModePath,
} from './line-index';
import { CopyWriter } from './copy-writer';

/** What the worker is asked to do: verify `file` and load its rows into `dbPath`. */
export interface LoadJob {
  file: string;
  dbPath: string;
  /** The trusted signers as they were when the review started. */
  trust: TrustedSignerView[];
  /** Rows in the first commit (small, so the first rows show at once). */
  firstBatch?: number;
  /** Tests only: the worker waits after its first commit until gate[0] becomes non-zero. */
  gate?: Int32Array;
}

/**
 * Messages from the worker to the main thread, in this order: ready, progress*, header?, verdict,
 * done. Between verdict and done the worker fills the full rows and builds the filter indexes
 * (every row is browsable by id from the private copy meanwhile).
 */
export type LoadMessage =
  | { type: 'ready' }
  | { type: 'progress'; bytes: number; events: number; loaded: number }
  /** The header once line 1 passed its checks (key history validated). */
  | { type: 'header'; header: ExportHeader }
  | { type: 'verdict'; verdict: ExportVerdict; events: number; loaded: number }
  | { type: 'done'; loaded: number }
  | { type: 'error'; message: string };

interface HeaderLike {
  version?: unknown;
  organisation?: unknown;
  directoryId?: unknown;
  fingerprint?: unknown;
  filter?: unknown;
  exportedAt?: unknown;
  exportedBy?: unknown;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The header fields the banner shows, copied field by field (never the file's object as is). */
export function headerView(h: HeaderLike): ReviewHeaderView {
  return {
    version: typeof h.version === 'number' ? h.version : 0,
    organisation: text(h.organisation),
    directoryId: text(h.directoryId),
    fingerprint: text(h.fingerprint) ?? '',
    filter: typeof h.filter === 'object' && h.filter !== null ? h.filter : {},
    exportedAt: text(h.exportedAt) ?? '',
    exportedBy: text(h.exportedBy) ?? '',
  };
}

/** Words for a file that could not be read at all. */
function readError(e: unknown): string {
  const code = e instanceof Error && 'code' in e ? String(e.code) : '';
  if (code === 'ENOENT')
    return 'The file could not be found. It may have been moved or deleted; open it again.';
  if (code === 'EACCES' || code === 'EPERM')
    return 'The file could not be read: permission denied. Copy it to a folder you can read and open it again.';
  if (code === 'EISDIR') return 'That is a folder, not an export file. Choose the .jsonl file.';
  return `The file could not be read (${code || 'unknown error'}). Check the file and open it again.`;
}

/**
 * Verifies an export and makes its rows browsable in two phases. Phase 1, while verifying: each
 * verified line is appended to a private copy (lines.bin, beside the database) and its id, line
 * number and place in the copy to a file of fixed-size records (lines.idx, line-index.ts), so
 * paging by id works from the first rows and the verdict comes soon after verification ends.
 * Rows at or after a failing line are withdrawn before the verdict is posted. Phase 2, after the
 * verdict: the full rows are filled from the private copy (never from the file again, which may
 * have changed) and the filter indexes built; `done` then. Memory stays bounded throughout.
 */
export async function loadExport(job: LoadJob, post: (m: LoadMessage) => void): Promise<void> {
  const db = new BetterSqlite3(job.dbPath);
  const copy = openSync(linesPath(job.dbPath), 'w+', 0o600);
  const index = openSync(indexPath(job.dbPath), 'w+', 0o600);
  let kept: Kept | null;
  try {
    kept = await fill(db, copy, index, job, post);
    if (kept) fillRows(db, copy, kept.sql ? undefined : index);
  } finally {
    closeSync(index);
    closeSync(copy);
    db.close();
  }
  if (kept) post({ type: 'done', loaded: kept.loaded });
}

/** What phase 1 kept: the number of rows, and whether review_lines (not lines.idx) indexes them. */
interface Kept {
  loaded: number;
  sql: boolean;
}

/** Phase 1; what it kept, or null when the file could not be read. */
async function fill(
  db: BetterSqlite3.Database,
  fd: number,
  indexFd: number,
  job: LoadJob,
  post: (m: LoadMessage) => void,
): Promise<Kept | null> {
  const rows = prepareReviewDb(db);
  const copy = new CopyWriter(fd);
  const batch = new RecordBatch();
  post({ type: 'ready' });
  /** wantSql: an id repeated or not above the last one was seen; sql: review_lines indexes now. */
  const mode = { wantSql: false, sql: false };
  let lastId = -Infinity;
  let firstPublished = false;
  let events = 0;
  let loaded = 0;
  let bytes = 0;
  let consumed = 0;
  const firstBatch = job.firstBatch ?? 200;
  /** Makes the rows added since the last time browsable; false when there were none. */
  const publish = (): boolean => {
    if (batch.n === 0) return false;
    const records = batch.take();
    // The copy first: a row must find its line.
    copy.flush();
    if (mode.wantSql && !mode.sql) {
      // The records published so far move to review_lines (first line of an id wins), then lines.sql.
      db.exec('BEGIN');
      const reader = new IndexReader(indexFd);
      for (let i = 0; i < loaded; i += 8192)
        for (const r of reader.range(i, Math.min(i + 8192, loaded))) rows.add(r.id, r.line, r.off, r.len);
      mode.sql = true;
    }
    if (mode.sql) {
      for (const r of refsOf(records)) rows.add(r.id, r.line, r.off, r.len);
      rows.flush();
      db.exec('COMMIT; BEGIN');
      if (!existsSync(sqlModePath(job.dbPath))) writeFileSync(sqlModePath(job.dbPath), '', { mode: 0o600 });
      loaded = rows.inserted;
    } else loaded += appendRecords(indexFd, records);
    post({ type: 'progress', bytes: Math.max(bytes, consumed), events, loaded });
    if (job.gate) Atomics.wait(job.gate, 0, 0);
    return true;
  };
  // Passed as a variable so a verifier without `trust` (format 1 API) still accepts the options.
  const options = {
    trust: job.trust,
    onEvent: (buf: Buffer, line: number) => {
      events++;
      // Bytes of the lines handed over so far (the stream reads ahead).
      consumed += buf.length + 1;
      const id = lineId(buf, line);
      if (id === null) return;
      if (!(id > lastId)) mode.wantSql = true;
      lastId = Math.max(lastId, id);
      batch.add(id, line, copy.add(buf), buf.length);
      if (batch.full || (!firstPublished && batch.n >= firstBatch)) {
        firstPublished = true;
        publish();
      }
    },
    onProgress: (b: number) => {
      bytes = b;
      if (!publish()) post({ type: 'progress', bytes, events, loaded });
    },
    onHeader: (header: ExportHeader) => {
      post({ type: 'header', header });
    },
  };
  let verdict: ExportVerdict;
  try {
    verdict = await verifyExportFile(job.file, options);
    publish();
  } catch (e) {
    if (mode.sql) db.exec('ROLLBACK');
    post({ type: 'error', message: readError(e) });
    return null;
  }
  if (mode.sql) db.exec('COMMIT');
  if (verdict.status === 'altered' || verdict.status === 'not-an-export') {
    // Withdraw every row at or after the failing line before anyone is shown the verdict.
    const from = verdict.status === 'altered' ? verdict.line : 0;
    const reader = new IndexReader(indexFd);
    loaded = reader.lowerBound(from, reader.count(), 1);
    ftruncateSync(indexFd, loaded * RECORD);
    if (mode.sql) {
      db.prepare('DELETE FROM review_lines WHERE line >= ?').run(from);
      loaded = (db.prepare('SELECT count(*) AS n FROM review_lines').get() as { n: number }).n;
    }
  }
  post({ type: 'verdict', verdict, events, loaded });
  return { loaded, sql: mode.sql };
}
