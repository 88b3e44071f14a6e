import { createReadStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ServerResponse } from 'node:http';
import type { FileDialog } from '../adapters/file-dialog.port';
import { randomId } from '../security/ids';
import type { Services } from '../services/services';
import { baseHeaders, sendRefusal } from './http-io';

const NOT_FOUND = {
  status: 404,
  code: 'not_found',
  message: 'No such export, or it is not finished yet.',
} as const;

/**
 * Audit exports over HTTP. `audit:export` asks a file dialog where to write; on the server the
 * "dialog" answers a fresh file in a private folder (mode 700), and the client downloads it from
 * `GET /exports/<id>` with the same session or token that started it, once: the file is deleted
 * after the download, complete or not (a cancelled download leaves no copy on the server), and
 * the folder when the server stops. The length is announced, so a cut download is noticed.
 */
export class ServerExports implements FileDialog {
  readonly dir = mkdtempSync(join(tmpdir(), 'portcullis-exports-'));
  private readonly owners = new Map<string, string>();
  /** The format each private file was asked for (its name is the client's). */
  private readonly formats = new Map<string, string>();

  constructor(private readonly services: Services) {}

  /** A fresh folder of its own (mode 700) holding a file named as the client asked (it is what the audit records). */
  chooseSavePath(o: { defaultName: string; extensions: string[] }): Promise<string | null> {
    const ext = o.extensions[0] ?? 'out';
    const name = /^[^/\\\p{Cc}]{1,255}$/u.test(o.defaultName) && !['.', '..'].includes(o.defaultName);
    const folder = join(this.dir, randomId());
    mkdirSync(folder, { mode: 0o700 });
    const path = join(folder, name ? o.defaultName : `export.${ext}`);
    this.formats.set(path, ext);
    return Promise.resolve(path);
  }

  chooseOpenPath(): Promise<string | null> {
    return Promise.resolve(null);
  }

  /** Records who started an export (its id from the audit:export answer). */
  started(id: string, owner: string): void {
    this.owners.set(id, owner);
  }

  /** The export job view as HTTP clients see it: its download path instead of the server's file. */
  static publicView(value: unknown): unknown {
    if (typeof value !== 'object' || value === null || !('id' in value)) return value;
    return { ...value, path: `/exports/${String(value.id)}` };
  }

  /** Streams a finished export to the principal that started it, then deletes it. */
  download(id: string, owner: string, res: ServerResponse): void {
    const status = /^[0-9a-f]{32}$/.test(id) ? this.services.auditExport.status(id) : null;
    if (status?.state !== 'done' || this.owners.get(id) !== owner) {
      sendRefusal(res, NOT_FOUND);
      return;
    }
    const csv = (this.formats.get(status.path) ?? status.path.split('.').pop()) === 'csv';
    let size: number;
    try {
      size = statSync(status.path).size;
    } catch {
      sendRefusal(res, NOT_FOUND);
      return;
    }
    // Taken at once: a second request while this one streams finds nothing.
    this.owners.delete(id);
    const stream = createReadStream(status.path);
    stream.once('error', () => {
      if (!res.headersSent) sendRefusal(res, NOT_FOUND);
      else res.destroy();
    });
    stream.once('open', () => {
      res.writeHead(200, {
        ...baseHeaders(),
        'content-type': csv ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
        'content-disposition': `attachment; filename="portcullis-audit.${csv ? 'csv' : 'jsonl'}"`,
        'content-length': String(size),
      });
      stream.pipe(res);
    });
    res.once('close', () => {
      stream.destroy();
      this.formats.delete(status.path);
      const folder = dirname(status.path);
      if (dirname(folder) === this.dir)
        void rm(folder, { recursive: true, force: true }).catch(() => undefined);
    });
  }

  /** Removes the folder and every file left in it. */
  close(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
