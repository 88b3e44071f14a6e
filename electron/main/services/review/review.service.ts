import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import type { AuditEventView, AuditFilter, AuditPage, AuditTimeline } from '../../../../shared/domain/audit';
import type {
  ReviewOpened,
  ReviewStatusView,
  TrustedSignerView,
} from '../../../../shared/ipc/contracts/review.contract';
import { AppError } from '../../../../shared/result';
import { randomId } from '../../security/ids';
import { toAuditView } from '../views';
import { normaliseFilter } from '../../db/audit-filter.sql';
import { TrustStore, trustStorePath } from '../audit/trust-store';
import { ReviewJob } from './review-job';
import { COUNT_CAP } from '../../db/repositories/audit.repository';
import { retrust } from './verdict-trust';
import { sweepStaleFolders } from './temp-folders';

/** Where a review service keeps things; tests pass temporary folders. */
export interface ReviewOptions {
  /** The folder of trusted-signers.json (the app's user-data folder). */
  dataDir?: string;
  /** Parent of the private temporary folders (the OS temp folder by default). */
  tempBase?: string;
  workerScript?: string;
  firstBatch?: number;
  /** Tests only: holds each worker after its first commit until gate[0] is set (see review-loader.ts). */
  gate?: Int32Array;
}

/** True when no filter field is set (paging by id alone). */
function unfiltered(filter: object): boolean {
  return Object.values(filter).every((v) => v === undefined || v === null || v === '');
}

/** More open reviews than this closes the oldest (each holds a worker or a temporary database). */
const MAX_OPEN = 8;
const KEY_FILE_MAX = 256 * 1024;

/** Offline review: verifies an export in a worker thread while its rows become browsable. */
export class ReviewService {
  private readonly open = new Map<string, ReviewJob>();
  private readonly trust: TrustStore;
  private swept = false;

  constructor(private readonly o: ReviewOptions = {}) {
    this.trust = new TrustStore(trustStorePath(o.dataDir));
  }

  /** Starts verifying and loading a file; returns at once (poll `status`). */
  async start(file: string): Promise<ReviewOpened> {
    let size: number;
    try {
      const st = statSync(file);
      if (!st.isFile())
        throw new AppError(
          'invalid_input',
          'That is not an ordinary file (a folder, device or pipe). Choose the .jsonl export file.',
          { rule: 'not_a_file' },
        );
      size = st.size;
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError(
        'not_found',
        'The file could not be found or read. Check that it still exists and open it again.',
        { rule: 'file_unreadable' },
      );
    }
    if (!this.swept) {
      // Once per run: folders of an earlier run that was killed before its exit hook ran.
      this.swept = true;
      sweepStaleFolders(this.o.tempBase);
    }
    while (this.open.size >= MAX_OPEN) await this.close([...this.open.keys()][0] ?? '');
    const id = randomId();
    const job = new ReviewJob(id, file, basename(file), size, this.trust.list(), this.o);
    this.open.set(id, job);
    return { id, fileName: job.fileName };
  }

  private get(id: string): ReviewJob {
    const r = this.open.get(id);
    if (!r)
      throw new AppError('not_found', 'This review is no longer open; open the file again.', {
        rule: 'review_closed',
      });
    return r;
  }

  /** Progress, header and verdict (re-read against the trusted signers of now). */
  status(id: string): ReviewStatusView {
    const job = this.get(id);
    if (job.verdict) job.verdict = retrust(job.verdict, job.header, job.events, this.trust.list());
    return job.view();
  }

  /** Waits until the load has ended (tests, CLI). */
  async settled(id: string): Promise<ReviewStatusView> {
    await this.get(id).ended;
    return this.status(id);
  }

  /** Stops a load and deletes its temporary files; the review stays listed as cancelled. */
  async cancel(id: string): Promise<void> {
    const job = this.get(id);
    if (job.state === 'loading') await job.dispose('cancelled');
  }

  /** One keyset page (or, with `after`, rows that arrived since) of the rows loaded so far. */
  async page(
    id: string,
    q: {
      filter: AuditFilter;
      before?: number | undefined;
      after?: number | undefined;
      pageSize: number;
      withCount?: boolean | undefined;
    },
  ): Promise<AuditPage> {
    const job = this.get(id);
    const r = job.reader;
    if (!r)
      return { items: [], nextCursor: null, approxTotal: q.withCount ? { count: 0, capped: false } : null };
    const filter = normaliseFilter({ ...q.filter, userId: undefined });
    // Until the full rows are filled, unfiltered pages come from the private copy by id (every
    // verified row is there); filtered ones see the rows filled so far.
    if (job.state !== 'done' && unfiltered(filter)) {
      if (q.after !== undefined)
        return {
          items: r.lines.newerThan(q.after, Math.min(q.pageSize, 200)).map(toAuditView),
          nextCursor: null,
          approxTotal: null,
        };
      const { rows, nextCursor } = r.lines.page(q.before, q.pageSize);
      return {
        items: rows.map(toAuditView),
        nextCursor,
        approxTotal: q.withCount ? r.lines.countCapped(COUNT_CAP) : null,
      };
    }
    if (q.after !== undefined) {
      const rows = await r.repo.newerThan(filter, q.after, Math.min(q.pageSize, 200));
      return { items: rows.map(toAuditView), nextCursor: null, approxTotal: null };
    }
    const { rows, nextCursor } = await r.repo.page({ filter, before: q.before, pageSize: q.pageSize });
    return {
      items: rows.map(toAuditView),
      nextCursor,
      approxTotal: q.withCount ? await r.repo.countCapped(filter) : null,
    };
  }

  /** Sign-ins vs failures, once the load is done (empty while it runs). */
  async timeline(id: string, filter: AuditFilter): Promise<AuditTimeline> {
    const job = this.get(id);
    const r = job.reader;
    // Until the indexes are built the chart would scan every row on the main thread.
    if (!r || job.state !== 'done') return { bucket: 'hour', points: [] };
    return r.repo.timeline(normaliseFilter({ ...filter, userId: undefined }));
  }

  /** One event with all its fields. */
  async event(id: string, eventId: number): Promise<AuditEventView | null> {
    const job = this.get(id);
    const r = job.reader;
    if (!r) return null;
    const { rows } =
      job.state !== 'done'
        ? r.lines.page(eventId + 1, 1)
        : await r.repo.page({ filter: {}, before: eventId + 1, pageSize: 1 });
    return rows[0]?.id === eventId ? toAuditView(rows[0]) : null;
  }

  /** Closes a review: stops its worker and deletes its private folder. */
  async close(id: string): Promise<void> {
    const job = this.open.get(id);
    if (!job) return;
    this.open.delete(id);
    await job.dispose(null);
  }

  /** Closes every open review (app quit). */
  async closeAll(): Promise<void> {
    await Promise.all([...this.open.keys()].map((id) => this.close(id)));
  }

  /** The signers this OS user trusts. */
  trustedSigners(): TrustedSignerView[] {
    return this.trust.list();
  }

  /** Trusts a signer by its full fingerprint; open reviews re-read their verdicts. */
  trustSigner(fingerprint: string, organisation: string): TrustedSignerView {
    return this.trust.add({ fingerprint, organisation });
  }

  /** Trusts the signer of a public signing key file (read whole, at most 256 KB; validated by the trust store). */
  importSignerFile(path: string): TrustedSignerView {
    let text: string;
    try {
      const st = statSync(path);
      if (!st.isFile() || st.size > KEY_FILE_MAX)
        throw new AppError(
          'invalid_input',
          'That is not a public signing key file. Choose the .json file the directory owner saved.',
          { rule: 'not_key_file' },
        );
      text = readFileSync(path, 'utf8');
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError(
        'not_found',
        'The key file could not be read. Check that it still exists and try again.',
        { rule: 'key_file_unreadable' },
      );
    }
    try {
      return this.trust.addFromKeyFile(text);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError(
        'invalid_input',
        `That key file was not accepted: ${e instanceof Error ? e.message : 'it is not valid'}.`,
        { rule: 'key_history_invalid' },
      );
    }
  }

  /** Stops trusting a signer; false when it was not in the list. */
  removeTrustedSigner(fingerprint: string): boolean {
    return this.trust.remove(fingerprint);
  }
}
