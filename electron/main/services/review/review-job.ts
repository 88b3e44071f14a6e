import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from '../../db/schema';
import { AuditRepository } from '../../db/repositories/audit.repository';
import type { ExportVerdict } from '../../../../shared/domain/audit';
import type { ReviewStatusView, TrustedSignerView } from '../../../../shared/ipc/contracts/review.contract';
import { headerView, type LoadMessage } from './review-loader';
import type { ExportHeader } from '../audit/export-format';
import { startReviewWorker } from './review-worker';
import { LinesReader } from './review-lines';
import { makePrivateFolder, removePrivateFolder } from './temp-folders';

/** A connection to the review's temporary database on the main thread. */
export interface ReviewReader {
  sqlite: BetterSqlite3.Database;
  db: Kysely<Database>;
  repo: AuditRepository;
  /** Rows by id from the private copy, until the full rows are filled (state 'done'). */
  lines: LinesReader;
}

/** Read-only: the main thread never writes, so it never waits on a lock or runs a checkpoint. */
function openReader(path: string): ReviewReader {
  const sqlite = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  return { sqlite, db, repo: new AuditRepository(db), lines: new LinesReader(sqlite, path) };
}

/** One review: its worker while it loads, its private folder, and what is known so far. */
export class ReviewJob {
  state: ReviewStatusView['state'] = 'loading';
  bytes = 0;
  events = 0;
  loaded = 0;
  verdict: ExportVerdict | null = null;
  /** The verified header (with its key history), kept to re-decide trust. */
  header: ExportHeader | null = null;
  error: string | null = null;
  reader: ReviewReader | null = null;
  readonly dir: string;
  readonly dbPath: string;
  /** Settles when the worker has stopped (done, failed, cancelled). */
  readonly ended: Promise<void>;
  private worker: Worker | null;

  constructor(
    readonly id: string,
    readonly file: string,
    readonly fileName: string,
    readonly totalBytes: number,
    trust: TrustedSignerView[],
    o: { tempBase?: string; workerScript?: string; firstBatch?: number; gate?: Int32Array } = {},
  ) {
    this.dir = makePrivateFolder(o.tempBase);
    this.dbPath = join(this.dir, 'review.db');
    const worker = startReviewWorker(
      { file, dbPath: this.dbPath, trust, firstBatch: o.firstBatch, gate: o.gate },
      o.workerScript,
    );
    this.worker = worker;
    worker.on('message', (m: LoadMessage) => {
      this.onMessage(m);
    });
    this.ended = new Promise<void>((resolve) => {
      worker.once('error', (e) => {
        this.fail(`The review stopped: ${e.message}. Open the file again.`);
      });
      worker.once('exit', () => {
        this.worker = null;
        if (this.state === 'loading')
          this.fail('The review stopped before it finished. Open the file again.');
        resolve();
      });
    });
  }

  private onMessage(m: LoadMessage): void {
    if (this.state !== 'loading') return;
    switch (m.type) {
      case 'ready':
        this.reader = openReader(this.dbPath);
        return;
      case 'progress':
        this.bytes = m.bytes;
        this.events = m.events;
        this.loaded = m.loaded;
        return;
      case 'header':
        this.header = m.header;
        return;
      case 'verdict':
        this.verdict = m.verdict;
        this.events = m.events;
        this.loaded = m.loaded;
        this.bytes = this.totalBytes;
        return;
      case 'done':
        this.loaded = m.loaded;
        this.state = 'done';
        return;
      case 'error':
        this.fail(m.message);
    }
  }

  private fail(message: string): void {
    if (this.state !== 'loading') return;
    this.state = 'failed';
    this.error = message;
    this.loaded = 0;
    this.closeReader();
  }

  private closeReader(): void {
    this.reader?.lines.close();
    this.reader?.sqlite.close();
    this.reader = null;
  }

  /** The status the renderer polls. */
  view(): ReviewStatusView {
    const { id, fileName, state, bytes, totalBytes, events, loaded, verdict, error } = this;
    const header = this.header ? headerView(this.header) : null;
    return { id, fileName, state, bytes, totalBytes, events, loaded, verdict, header, error };
  }

  /** Stops the worker and deletes the temporary folder; the job keeps only its state. */
  async dispose(state: 'cancelled' | null): Promise<void> {
    if (state && this.state === 'loading') this.state = state;
    else if (this.state === 'loading') this.state = 'cancelled';
    this.closeReader();
    const worker = this.worker;
    if (worker) await worker.terminate();
    await this.ended;
    removePrivateFolder(this.dir);
  }
}
