import { basename } from 'node:path';
import type { Db } from '../../db/connection';
import type { Clock } from '../../adapters/clock';
import type { AuditFilter } from '../../../../shared/domain/audit';
import type { AuditService } from './audit.service';
import type { Actor, ClientInfo } from '../context';
import { randomId } from '../../security/ids';
import { exportAudit, ExportCancelled, type ExportFormat, type ExportResult } from './export';
import { normaliseFilter } from '../../db/audit-filter.sql';
import type { SigningKeys } from './signing-key';
import { AppError } from '../../../../shared/result';
import { verifyLiveChain } from './verify-db';

/** A running or finished export, as the UI polls it. */
export interface ExportJobStatus {
  id: string;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  events: number;
  fraction: number;
  path: string;
  error: string | null;
}

/** What to export and who asks. */
export interface ExportRequest {
  filter: AuditFilter;
  format: ExportFormat;
  bom?: boolean;
  out: string;
  actor: Actor | null;
  client: ClientInfo | null;
  /** Shown in the header: the username, or "cli:<os user>". */
  exportedBy: string;
}

/** Signed exports of the audit log: the key in the keychain, jobs with progress and cancel. */
export class AuditExportService {
  private readonly jobs = new Map<string, { status: ExportJobStatus; abort: AbortController }>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly signingKeys: SigningKeys,
    private readonly clock: Clock,
  ) {}

  /** What the save dialog shows: a title and a file name carrying today's date (the injected clock). */
  saveDialog(format: 'jsonl' | 'csv'): { title: string; defaultName: string; extensions: string[] } {
    const day = this.clock.now().toISOString().slice(0, 10);
    return {
      title: format === 'jsonl' ? 'Signed audit export (JSON Lines)' : 'Audit export (CSV)',
      defaultName: `portcullis-audit-${day}.${format}`,
      extensions: [format],
    };
  }

  /** The signing key's fingerprint and public key, or null before the first export. */
  async signingKey(): Promise<{ fingerprint: string; publicKey: string } | null> {
    const d = await this.signingKeys.describe();
    return d ? { fingerprint: d.fingerprint, publicKey: d.publicKey } : null;
  }

  /** Exports to a file and records an `audit:exported` event afterwards. */
  async run(
    r: ExportRequest,
    o: { onProgress?: (p: { events: number; fraction: number }) => void; signal?: AbortSignal } = {},
  ): Promise<ExportResult> {
    const filter = normaliseFilter(r.filter);
    await this.checkedChain();
    const signer = r.format === 'jsonl' ? await this.signingKeys.current() : undefined;
    const result = await exportAudit({
      db: this.db,
      filter: await this.audit.resolveFilter(filter),
      format: r.format,
      bom: r.bom ?? false,
      out: r.out,
      signer,
      exportedBy: r.exportedBy,
      exportedAt: this.clock.now().toISOString(),
      ...o,
    });
    const location = await this.audit.locate(r.client);
    const actor = r.actor ? { id: r.actor.id, username: r.actor.username } : null;
    await this.db.transaction().execute((trx) =>
      this.audit.record(
        trx,
        {
          code: 'audit:exported',
          at: this.clock.now(),
          actor,
          subject: actor,
          client: r.client,
          sessionId: r.actor?.sessionId ?? null,
          details: {
            count: result.events,
            format: r.format === 'jsonl' ? 'JSON Lines' : 'CSV',
            file: basename(r.out),
            filter: JSON.stringify(filter),
            ...(result.fingerprint ? { fingerprint: result.fingerprint, finalHash: result.finalHash } : {}),
          },
        },
        location,
      ),
    );
    return result;
  }

  /**
   * Signs a checkpoint over the newest event, then walks the chain (hashes, checkpoints, retention
   * records, the keychain's latest checkpoint); a chain that does not verify is never exported.
   */
  private async checkedChain(): Promise<void> {
    const checkpoints = this.audit.checkpoints;
    if (!checkpoints) return;
    await checkpoints.checkpoint('export');
    const v = await verifyLiveChain(this.db, { keychain: checkpoints.keychain });
    if (v.status !== 'altered') return;
    const where = v.eventId === null ? '' : ` at event ${v.eventId}`;
    throw new AppError(
      'conflict',
      `Not exporting: the audit log in this database was altered${where}: ${v.reason}. ` +
        'Restore a verified backup (portcullis restore) or keep this file as evidence; ' +
        '`portcullis audit verify --db` shows the same finding.',
      v.eventId === null ? { rule: 'audit_altered' } : { rule: 'audit_altered', eventId: v.eventId },
    );
  }

  /** Starts an export in the background; poll `status(id)`. */
  start(r: ExportRequest): ExportJobStatus {
    const abort = new AbortController();
    const status: ExportJobStatus = {
      id: randomId(),
      state: 'running',
      events: 0,
      fraction: 0,
      path: r.out,
      error: null,
    };
    this.jobs.set(status.id, { status, abort });
    this.run(r, {
      signal: abort.signal,
      onProgress: (p) => Object.assign(status, p),
    }).then(
      (res) => Object.assign(status, { state: 'done', events: res.events, fraction: 1 }),
      (e: unknown) =>
        e instanceof ExportCancelled
          ? Object.assign(status, { state: 'cancelled' })
          : Object.assign(status, { state: 'failed', error: e instanceof Error ? e.message : String(e) }),
    );
    return { ...status };
  }

  /** A job's progress, or null when unknown. */
  status(id: string): ExportJobStatus | null {
    const job = this.jobs.get(id);
    return job ? { ...job.status } : null;
  }

  /** Asks a running job to stop; its partial file is removed. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (job?.status.state !== 'running') return false;
    job.abort.abort();
    return true;
  }
}
