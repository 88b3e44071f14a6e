import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { contract } from '../../../shared/ipc/contract';
import { savedFileName, type ExportJobView } from '../../../shared/ipc/contracts/audit.contract';
import { err, ok, type Result } from '../../../shared/result';
import type { FileDialog } from '../adapters/file-dialog.port';
import type { Caller } from '../ipc/pipeline';
import { randomId } from '../security/ids';
import type { ServerCalls } from './server-calls';
import { readBody, type HttpAnswer } from './transport';

/** How often the relay asks the server whether its export is finished. */
const POLL_MS = 200;
/** The share of the progress bar the server's export fills; the download fills the rest. */
const SERVER_SHARE = 0.9;
/** The most a running job shows: the rename into place is still to come. */
const LAST_STEP = 0.99;
const JOB_ID = /^[0-9a-f]{32}$/;

/** One export a window started on the server, saved on this computer. */
interface Job {
  view: ExportJobView;
  caller: Caller;
  abort: AbortController;
}

/** The save dialog the local export shows (the same title and file name). */
function saveDialog(format: 'jsonl' | 'csv'): { title: string; defaultName: string; extensions: string[] } {
  return {
    title: format === 'jsonl' ? 'Signed audit export (JSON Lines)' : 'Audit export (CSV)',
    defaultName: `portcullis-audit-${new Date().toISOString().slice(0, 10)}.${format}`,
    extensions: [format],
  };
}

/** The message of a refusal the server answered as JSON, or a generic one. */
async function refusal(res: HttpAnswer['res'], status: number): Promise<string> {
  const text = await readBody(res, 64 * 1024).catch(() => '');
  try {
    const m = (JSON.parse(text) as { message?: unknown }).message;
    if (typeof m === 'string') return m;
  } catch {
    // not JSON: said below
  }
  return `the download was refused (HTTP ${status})`;
}

/**
 * Audit exports from a desktop connected to a team server (issue 19): the person chooses the file
 * on THIS computer first (cancel: nothing is sent), the server writes and signs the export, the
 * relay follows it and downloads `GET /exports/<id>` into a temporary file beside the chosen one,
 * renamed into place only when complete. The window polls audit:exportStatus as for a local
 * export: `done` only once the local file is whole; audit:exportCancel stops the server's job
 * and the download and removes the partial file.
 */
export class ExportRelay {
  private readonly jobs = new Map<string, Job>();

  constructor(
    private readonly server: ServerCalls,
    private readonly dialog: FileDialog | null,
  ) {}

  /** True when `id` is one of this window's relayed exports (status and cancel are answered here). */
  owns(caller: Caller, id: unknown): boolean {
    return typeof id === 'string' && this.jobs.get(id)?.caller.key === caller.key;
  }

  /** audit:export: the local dialog, then the server's export, followed until the local file is whole. */
  async start(caller: Caller, payload: unknown): Promise<Result<unknown>> {
    const input = contract['audit:export'].input.safeParse(payload);
    // The server says what is wrong with the request, in its words.
    if (!input.success) return this.server.call(caller, 'audit:export', payload);
    if (!this.server.signedIn(caller)) return err('not_signed_in', 'Sign in to export the audit log.');
    if (!this.dialog)
      return err('internal', 'This window cannot show a save dialog, so the export was not started.');
    const out = await this.dialog.chooseSavePath(saveDialog(input.data.format));
    if (!out) return ok(null);
    // The server records the name chosen here (not its own private file's).
    const file = savedFileName.safeParse(basename(out));
    const request = { ...input.data, ...(file.success ? { file: file.data } : {}) };
    const started = await this.server.call(caller, 'audit:export', request);
    if (!started.ok || started.value === null) return started;
    const remote = started.value as Partial<ExportJobView>;
    if (typeof remote.id !== 'string' || !JOB_ID.test(remote.id))
      return err(
        'provider_unavailable',
        `The team server at ${this.server.origin} answered an export id that is not one.`,
      );
    const job: Job = {
      view: { id: remote.id, state: 'running', events: 0, fraction: 0, path: out, error: null },
      caller,
      abort: new AbortController(),
    };
    this.jobs.set(remote.id, job);
    void this.follow(job);
    return ok({ ...job.view });
  }

  /** audit:exportStatus for a relayed export. */
  status(id: string): Result<unknown> {
    const job = this.jobs.get(id);
    return job ? ok({ ...job.view }) : err('not_found', 'No such export.');
  }

  /** audit:exportCancel for a relayed export: stops the server's job and the download. */
  async cancel(id: string): Promise<Result<unknown>> {
    const job = this.jobs.get(id);
    if (job?.view.state !== 'running' || job.abort.signal.aborted) return ok({ cancelled: false });
    job.abort.abort();
    // Best effort: a job already finished on the server has nothing left to stop there.
    await this.server.call(job.caller, 'audit:exportCancel', { id });
    return ok({ cancelled: true });
  }

  /** Stops this window's exports (it closed or signed out of the server). */
  forget(callerKey: string): void {
    for (const job of this.jobs.values()) if (job.caller.key === callerKey) job.abort.abort();
  }

  /** Stops every export (the app quits or switches directory). */
  close(): void {
    for (const job of this.jobs.values()) job.abort.abort();
  }

  private async follow(job: Job): Promise<void> {
    const { view, abort } = job;
    const temp = join(dirname(view.path), `.${basename(view.path)}.${randomId().slice(0, 12)}.part`);
    try {
      for (;;) {
        await sleep(POLL_MS, undefined, { signal: abort.signal });
        const r = await this.server.call(job.caller, 'audit:exportStatus', { id: view.id });
        abort.signal.throwIfAborted();
        if (!r.ok) throw new Error(r.message);
        const s = r.value as ExportJobView;
        view.events = s.events;
        view.fraction = Math.min(Math.max(s.fraction, 0), 1) * SERVER_SHARE;
        if (s.state === 'running') continue;
        if (s.state === 'cancelled') throw new DOMException('cancelled on the server', 'AbortError');
        if (s.state === 'failed') throw new Error(s.error ?? 'The export failed on the server.');
        break;
      }
      await this.download(job, temp);
      // A cancel during the download's last moments: the file is not put in place.
      abort.signal.throwIfAborted();
      await rename(temp, view.path);
      Object.assign(view, { state: 'done', fraction: 1 });
    } catch (e) {
      await rm(temp, { force: true });
      if (abort.signal.aborted || (e instanceof DOMException && e.name === 'AbortError'))
        view.state = 'cancelled';
      else
        Object.assign(view, {
          state: 'failed',
          error: `${e instanceof Error ? e.message : String(e)} (nothing was saved at ${view.path})`,
        });
    }
  }

  /** Downloads the finished export into `temp` (a new file), counting progress. */
  private async download(job: Job, temp: string): Promise<void> {
    const a = await this.server.get(job.caller, `/exports/${job.view.id}`);
    if (!a) throw new Error('The session on the team server ended before the export was downloaded.');
    const { res } = a;
    const stop = (): void => {
      res.destroy();
    };
    job.abort.signal.addEventListener('abort', stop, { once: true });
    try {
      if (a.status !== 200)
        throw new Error(`The team server refused the download: ${await refusal(res, a.status)}`);
      const total = Number(a.headers['content-length'] ?? 0);
      let received = 0;
      res.on('data', (c: Buffer) => {
        received += c.length;
        // 1 only once the file is in place.
        if (total > 0)
          job.view.fraction = SERVER_SHARE + ((LAST_STEP - SERVER_SHARE) * Math.min(received, total)) / total;
      });
      await pipeline(res, createWriteStream(temp, { flags: 'wx' }), { signal: job.abort.signal });
      if (!res.complete || (total > 0 && received !== total))
        throw new Error('The download from the team server was cut short.');
    } finally {
      job.abort.signal.removeEventListener('abort', stop);
    }
  }
}
