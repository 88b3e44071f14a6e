import { closeSync, openSync, writeSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import type { ExportVerdict } from '../../../../shared/domain/audit';
import type { ReviewHeaderView, TrustedSignerView } from '../../../../shared/ipc/contracts/review.contract';
import { verifyExportFile } from '../audit/verify';
import type { ExportHeader } from '../audit/export-format';
import { prepareReviewDb } from './review-db';
import { fillRows, lineId, linesPath } from './review-lines';

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
 * verified line is appended to a private copy (lines.bin, beside the database) and only its id,
 * line number and place in the copy are inserted (review_lines; small rows, cheap), so paging by
 * id works from the first commit and the verdict comes soon after verification ends. Rows at or
 * after a failing line are withdrawn before the verdict is posted. Phase 2, after the verdict:
 * the full rows are filled from the private copy (never from the file again, which may have
 * changed) and the filter indexes built; `done` then. Memory stays bounded throughout.
 */
export async function loadExport(job: LoadJob, post: (m: LoadMessage) => void): Promise<void> {
  const db = new BetterSqlite3(job.dbPath);
  const copy = openSync(linesPath(job.dbPath), 'w+', 0o600);
  let loaded: number | null;
  try {
    loaded = await fill(db, copy, job, post);
    if (loaded !== null) fillRows(db, copy);
  } finally {
    closeSync(copy);
    db.close();
  }
  if (loaded !== null) post({ type: 'done', loaded });
}

/** Appends verified lines to the private copy through a 1 MiB buffer. */
class CopyWriter {
  private readonly buf = Buffer.allocUnsafe(1024 * 1024);
  private used = 0;
  /** Bytes written or buffered so far: the next line's offset. */
  offset = 0;
  constructor(private readonly fd: number) {}

  add(line: Buffer): number {
    const at = this.offset;
    if (this.used + line.length > this.buf.length) this.flush();
    if (line.length > this.buf.length) writeSync(this.fd, line);
    else {
      line.copy(this.buf, this.used);
      this.used += line.length;
    }
    this.offset += line.length;
    return at;
  }

  flush(): void {
    let done = 0;
    while (done < this.used) done += writeSync(this.fd, this.buf, done, this.used - done);
    this.used = 0;
  }
}

/** Phase 1; the number of rows kept, or null when the file could not be read. */
async function fill(
  db: BetterSqlite3.Database,
  fd: number,
  job: LoadJob,
  post: (m: LoadMessage) => void,
): Promise<number | null> {
  const rows = prepareReviewDb(db);
  post({ type: 'ready' });
  const copy = new CopyWriter(fd);
  let events = 0;
  let loaded = 0;
  let bytes = 0;
  let consumed = 0;
  const firstBatch = job.firstBatch ?? 200;
  /** Commits the rows inserted since the last commit; false when there were none. */
  const commit = (): boolean => {
    rows.flush();
    if (rows.inserted === loaded) return false;
    // The copy first: a committed row must find its line.
    copy.flush();
    db.exec('COMMIT; BEGIN');
    loaded = rows.inserted;
    post({ type: 'progress', bytes: Math.max(bytes, consumed), events, loaded });
    if (job.gate) Atomics.wait(job.gate, 0, 0);
    return true;
  };
  db.exec('BEGIN');
  // Passed as a variable so a verifier without `trust` (format 1 API) still accepts the options.
  const options = {
    trust: job.trust,
    onEvent: (buf: Buffer, line: number) => {
      events++;
      // Bytes of the lines handed over so far (the stream reads ahead).
      consumed += buf.length + 1;
      const id = lineId(buf, line);
      if (id !== null) rows.add(id, line, copy.add(buf), buf.length);
      if (loaded === 0 && rows.inserted + rows.buffered >= firstBatch) commit();
    },
    onProgress: (b: number) => {
      bytes = b;
      if (!commit()) post({ type: 'progress', bytes, events, loaded });
    },
    onHeader: (header: ExportHeader) => {
      post({ type: 'header', header });
    },
  };
  let verdict: ExportVerdict;
  try {
    verdict = await verifyExportFile(job.file, options);
  } catch (e) {
    db.exec('ROLLBACK');
    post({ type: 'error', message: readError(e) });
    return null;
  }
  rows.flush();
  copy.flush();
  db.exec('COMMIT');
  loaded = rows.inserted;
  if (verdict.status === 'altered' || verdict.status === 'not-an-export') {
    // Withdraw every row at or after the failing line before anyone is shown the verdict.
    const from = verdict.status === 'altered' ? verdict.line : 0;
    db.prepare('DELETE FROM review_lines WHERE line >= ?').run(from);
    loaded = (db.prepare('SELECT count(*) AS n FROM review_lines').get() as { n: number }).n;
  }
  post({ type: 'verdict', verdict, events, loaded });
  return loaded;
}
