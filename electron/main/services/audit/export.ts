import { createWriteStream, renameSync, rmSync, type WriteStream } from 'node:fs';
import { sql } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../db/connection';
import type { AuditFilter } from '../../../../shared/domain/audit';
import { eventLine, headerLine, manifestLine, sha256Hex, signedText, type ExportRow } from './export-format';
import type { DirectorySigner } from './signing-key';
import { filterConditions, timeBounds } from '../../db/audit-filter.sql';
import { engineOfDb } from '../../db/engine-sql';

export type ExportFormat = 'jsonl' | 'csv';

/** Thrown when the job's signal aborts; the partial file is removed. */
export class ExportCancelled extends Error {
  constructor() {
    super('The export was cancelled.');
  }
}

/** One export job. */
export interface ExportJob {
  db: Db;
  filter: AuditFilter;
  format: ExportFormat;
  out: string;
  /** CSV only: start with a UTF-8 byte-order mark for spreadsheets. */
  bom?: boolean;
  /** Needed for JSON Lines: the directory's current key (its history goes into the header). */
  signer?: DirectorySigner;
  exportedBy: string;
  exportedAt: string;
  onProgress?: (p: { events: number; fraction: number }) => void;
  signal?: AbortSignal;
  batchSize?: number;
}

/** What an export produced. */
export interface ExportResult {
  events: number;
  path: string;
  fingerprint: string | null;
  finalHash: string | null;
}

const CSV_COLUMNS = [
  'id',
  'at',
  'code',
  'message',
  'actor',
  'subject',
  'ip',
  'session_hash',
  'location',
  'device_type',
  'browser',
  'os',
  'details',
];

function write(stream: WriteStream, chunk: string): Promise<void> | null {
  return stream.write(chunk)
    ? null
    : new Promise((resolve) => {
        stream.once('drain', () => {
          resolve();
        });
      });
}

function close(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    stream.once('error', reject);
    stream.end(() => {
      resolve();
    });
  });
}

/** Streams the filtered log to a file in id order, batch by batch; never holds the whole log. */
export async function exportAudit(job: ExportJob): Promise<ExportResult> {
  const batchSize = job.batchSize ?? 1000;
  const partial = `${job.out}.partial`;
  const stream = createWriteStream(partial, { highWaterMark: 1 << 20 });
  const bounds = await job.db
    .selectFrom('audit_events')
    .select((eb) => [eb.fn.min<number | null>('id').as('lo'), eb.fn.max<number | null>('id').as('hi')])
    .executeTakeFirstOrThrow();
  const lo = bounds.lo ?? 0;
  const hi = bounds.hi ?? 0;
  let lastId = lo - 1;
  let events = 0;
  let prev = '';
  let headerHash = '';
  try {
    if (job.format === 'jsonl') {
      if (!job.signer) throw new Error('A JSON Lines export needs the signing key.');
      const header = headerLine({
        exportedAt: job.exportedAt,
        exportedBy: job.exportedBy,
        filter: job.filter,
        publicKey: job.signer.publicKey,
        fingerprint: job.signer.fingerprint,
        directoryId: job.signer.directoryId,
        organisation: job.signer.organisation,
        keyHistory: job.signer.history,
      });
      headerHash = sha256Hex(header);
      prev = headerHash;
      await write(stream, `${header}\n`);
    } else {
      await write(stream, (job.bom ? '\uFEFF' : '') + stringify([CSV_COLUMNS]));
    }
    const timeIds = await timeBounds(job.db, job.filter);
    for (;;) {
      if (job.signal?.aborted) throw new ExportCancelled();
      const where = filterConditions(
        job.filter,
        [...timeIds, sql`id > ${lastId}`, sql`id <= ${hi}`],
        {},
        engineOfDb(job.db),
      );
      const { rows } = await sql<ExportRow>`SELECT id, at, code, message, actor_id, actor_name, subject_id,
        subject_name, ip, session_hash, location, device_type, browser, os, details, hash
        FROM audit_events ${where} ORDER BY id LIMIT ${batchSize}`.execute(job.db);
      if (rows.length === 0) break;
      let chunk = '';
      if (job.format === 'jsonl') {
        for (const r of rows) {
          const e = eventLine(prev, ++events, r);
          chunk += `${e.line}\n`;
          prev = e.hash;
        }
      } else {
        events += rows.length;
        chunk = stringify(
          rows.map((r) => [
            r.id,
            r.at,
            r.code,
            r.message,
            r.actor_name,
            r.subject_name,
            r.ip,
            r.session_hash,
            r.location,
            r.device_type,
            r.browser,
            r.os,
            r.details,
          ]),
        );
      }
      lastId = rows[rows.length - 1]?.id ?? hi;
      const pending = write(stream, chunk);
      job.onProgress?.({ events, fraction: hi > lo ? (lastId - lo) / (hi - lo) : 1 });
      if (pending) await pending;
    }
    if (job.format === 'jsonl' && job.signer) {
      const signature = job.signer.sign(signedText(headerHash, prev, events));
      await write(stream, `${manifestLine({ count: events, headerHash, finalHash: prev, signature })}\n`);
    }
    await close(stream);
    renameSync(partial, job.out);
    job.onProgress?.({ events, fraction: 1 });
    return {
      events,
      path: job.out,
      fingerprint: job.signer && job.format === 'jsonl' ? job.signer.fingerprint : null,
      finalHash: job.format === 'jsonl' ? prev : null,
    };
  } catch (e) {
    await discard(stream, partial);
    throw e;
  }
}

/**
 * Destroys the stream, then removes its file once the stream has let go of it: a stream destroyed
 * while its file is still opening creates the file afterwards, so removing it at once would leave
 * a `.partial` behind; a write in flight then fails, which is expected here.
 */
async function discard(stream: WriteStream, file: string): Promise<void> {
  if (!stream.closed) {
    const closed = new Promise<void>((resolve) =>
      stream.once('close', () => {
        resolve();
      }),
    );
    // A chunk still being written fails once the stream is destroyed (ERR_STREAM_DESTROYED);
    // unheard, that error is thrown before 'close' is emitted and the cancel never ends.
    stream.on('error', () => undefined);
    stream.destroy();
    await closed;
  }
  rmSync(file, { force: true });
}
