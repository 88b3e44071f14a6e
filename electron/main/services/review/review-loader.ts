import BetterSqlite3 from 'better-sqlite3';
import type { ExportVerdict } from '../../../../shared/domain/audit';
import type { ReviewHeaderView, TrustedSignerView } from '../../../../shared/ipc/contracts/review.contract';
import { verifyExportFile } from '../audit/verify';
import type { ExportHeader } from '../audit/export-format';
import { LOAD_END_INDEXES, prepareReviewDb, rowValues } from './review-db';

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
 * done. Between verdict and done the worker builds the filter indexes (the rows are browsable).
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
 * Verifies an export and loads its rows, committing in batches so the first rows can be queried
 * while the rest loads. Rows at or after a failing line are deleted before the verdict is posted.
 * Memory stays bounded: the file is streamed and rows go to SQLite batch by batch.
 */
export async function loadExport(job: LoadJob, post: (m: LoadMessage) => void): Promise<void> {
  const db = new BetterSqlite3(job.dbPath);
  let loaded: number | null;
  try {
    loaded = await fill(db, job, post);
  } finally {
    db.close();
  }
  // Only after the worker let go of the file: the main thread then reopens it for writing.
  if (loaded !== null) post({ type: 'done', loaded });
}

/** The load itself; the number of rows kept, or null when the file could not be read. */
async function fill(
  db: BetterSqlite3.Database,
  job: LoadJob,
  post: (m: LoadMessage) => void,
): Promise<number | null> {
  const rows = prepareReviewDb(db);
  post({ type: 'ready' });
  let events = 0;
  let loaded = 0;
  let bytes = 0;
  let consumed = 0;
  const firstBatch = job.firstBatch ?? 200;
  /** Commits the rows inserted since the last commit; false when there were none. */
  const commit = (): boolean => {
    rows.flush();
    if (rows.inserted === loaded) return false;
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
      // Bytes of the lines handed over so far (the stream reads ahead by up to 1 MB).
      consumed += buf.length + 1;
      const values = rowValues(buf, line);
      if (values) rows.add(values);
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
  db.exec('COMMIT');
  loaded = rows.inserted;
  if (verdict.status === 'altered' || verdict.status === 'not-an-export') {
    // Withdraw every row at or after the failing line before anyone is shown the verdict.
    const from = verdict.status === 'altered' ? verdict.line : 0;
    db.prepare('DELETE FROM audit_events WHERE line >= ?').run(from);
    loaded = (db.prepare('SELECT count(*) AS n FROM audit_events').get() as { n: number }).n;
  }
  post({ type: 'verdict', verdict, events, loaded });
  for (const ddl of LOAD_END_INDEXES) db.exec(ddl);
  db.pragma('wal_checkpoint(TRUNCATE)');
  return loaded;
}
