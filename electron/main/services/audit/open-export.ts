import { constants, lstatSync, statSync } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * Reading an export file that may be hostile: only a regular file is opened (never a FIFO, a
 * device, a socket or a directory, even behind a symlink), the open never blocks, and no line
 * may grow past MAX_EXPORT_LINE bytes, so a file cannot make the reader wait forever or hold
 * more than a few megabytes.
 */

/** Longest line (newline excluded) a reader accepts; Portcullis never writes a line near this. */
export const MAX_EXPORT_LINE = 8 * 1024 * 1024;
/** Bytes read per call; lines are cut out of this buffer without copying. */
const READ_SIZE = 4 * 1024 * 1024;

/** Not defined on Windows (there a FIFO cannot be opened by path anyway). */
const optional: Partial<typeof constants> = constants;

/** Why a path could not be read as an export (the message is for people). */
export class ExportFileError extends Error {
  constructor(
    message: string,
    readonly kind: 'missing' | 'not-a-file' | 'unreadable',
  ) {
    super(message);
  }
}

function kindOf(s: { isDirectory(): boolean; isFIFO(): boolean; isCharacterDevice(): boolean }): string {
  if (s.isDirectory()) return 'a folder';
  if (s.isFIFO()) return 'a named pipe';
  if (s.isCharacterDevice()) return 'a device';
  return 'not a regular file';
}

/** Checks a path before opening it: it must exist and be a regular file (after symlinks). */
export function checkExportPath(path: string): { size: number } {
  let st;
  try {
    lstatSync(path);
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR')
      throw new ExportFileError(`${path} does not exist (check the name and folder).`, 'missing');
    if (code === 'ELOOP') throw new ExportFileError(`${path} is a symbolic link loop.`, 'not-a-file');
    throw new ExportFileError(`${path} cannot be read (${code ?? 'error'}).`, 'unreadable');
  }
  if (!st.isFile())
    throw new ExportFileError(
      `${path} is ${kindOf(st)}, not an export file; give the .jsonl file itself.`,
      'not-a-file',
    );
  return { size: st.size };
}

/**
 * Opens a checked path without blocking (O_NONBLOCK: a FIFO swapped in after the check cannot
 * hang the open) and confirms with fstat that the opened object is still a regular file.
 */
export async function openExportFile(path: string): Promise<{ handle: FileHandle; size: number }> {
  checkExportPath(path);
  let handle: FileHandle;
  try {
    handle = await open(path, constants.O_RDONLY | (optional.O_NONBLOCK ?? 0) | (optional.O_NOCTTY ?? 0));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new ExportFileError(`${path} cannot be opened (${code ?? 'error'}).`, 'unreadable');
  }
  const st = await handle.stat();
  if (!st.isFile()) {
    await handle.close();
    throw new ExportFileError(`${path} changed into ${kindOf(st)} while it was being opened.`, 'not-a-file');
  }
  return { handle, size: st.size };
}

/** What the line callback sees: a read buffer and the line's [start, end) in it (valid during the call only). */
export type LineSink = (buf: Buffer, start: number, end: number) => boolean;

/** Options of readExportLines. */
export interface ReadLinesOptions {
  onProgress?: (bytes: number, totalBytes: number) => void;
  signal?: AbortSignal;
  maxLine?: number;
}

/** How reading ended: every line was given, the sink said stop, or a line was too long. */
export type ReadLinesEnd =
  | { kind: 'done' | 'stopped'; lines: number }
  /** `start`: a copy of the line's first bytes (at most 64), to tell what it was meant to be. */
  | { kind: 'too-long'; line: number; start: Buffer };

function tooLong(line: number, buf: Buffer, start: number): ReadLinesEnd {
  return { kind: 'too-long', line, start: Buffer.from(buf.subarray(start, start + 64)) };
}

/** The part of a line that crossed a read boundary (grows as needed, never past `max` bytes). */
class Carry {
  buf = Buffer.allocUnsafe(0);
  len = 0;
  constructor(private readonly max: number) {}

  /** Appends bytes [s, e) of `src`; false (nothing appended) when the line would pass `max`. */
  add(src: Buffer, s: number, e: number): boolean {
    const need = this.len + (e - s);
    if (need > this.max) return false;
    if (need > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.min(Math.max(need, this.buf.length * 2, 64 * 1024), this.max));
      this.buf.copy(bigger, 0, 0, this.len);
      this.buf = bigger;
    }
    src.copy(this.buf, this.len, s, e);
    this.len = need;
    return true;
  }
}

/**
 * Streams the lines of a regular file (split on raw 0x0A bytes, newline excluded) into `sink`;
 * the last line may have no newline. Reads 4 MiB at a time into two alternating buffers, the
 * next read running while the current one is checked; lines are given in place (only a line
 * that crosses a read boundary is copied). The bytes given to `sink` are valid during the call
 * only. Stops when the sink returns false, when a line exceeds maxLine bytes (reported, never
 * buffered), or when `signal` aborts (throws).
 */
export async function readExportLines(
  path: string,
  sink: LineSink,
  o: ReadLinesOptions = {},
): Promise<ReadLinesEnd> {
  const max = o.maxLine ?? MAX_EXPORT_LINE;
  const { handle, size } = await openExportFile(path);
  const bufs: [Buffer, Buffer] = [Buffer.allocUnsafe(READ_SIZE), Buffer.allocUnsafe(READ_SIZE)];
  const readInto = async (buffer: Buffer) => ({
    buffer,
    bytesRead: (await handle.read(buffer, 0, READ_SIZE, null)).bytesRead,
  });
  const carry = new Carry(max);
  let cur = 0;
  let total = 0;
  let lines = 0;
  let pending = readInto(bufs[0]);
  try {
    for (;;) {
      o.signal?.throwIfAborted();
      const { bytesRead, buffer } = await pending;
      if (bytesRead === 0) {
        if (carry.len === 0) return { kind: 'done', lines };
        lines++;
        return { kind: sink(carry.buf, 0, carry.len) ? 'done' : 'stopped', lines };
      }
      total += bytesRead;
      cur ^= 1;
      pending = readInto(cur === 0 ? bufs[0] : bufs[1]);
      const view = buffer.subarray(0, bytesRead);
      let start = 0;
      let nl = view.indexOf(10);
      if (carry.len > 0) {
        if (!carry.add(view, 0, nl === -1 ? bytesRead : nl)) return tooLong(lines + 1, carry.buf, 0);
        if (nl === -1) {
          o.onProgress?.(total, size);
          continue;
        }
        lines++;
        if (!sink(carry.buf, 0, carry.len)) return { kind: 'stopped', lines };
        carry.len = 0;
        start = nl + 1;
        nl = view.indexOf(10, start);
      }
      for (; nl !== -1; nl = view.indexOf(10, start)) {
        if (nl - start > max) return tooLong(lines + 1, view, start);
        lines++;
        if (!sink(view, start, nl)) return { kind: 'stopped', lines };
        start = nl + 1;
      }
      if (!carry.add(view, start, bytesRead)) return tooLong(lines + 1, view, start);
      o.onProgress?.(total, size);
    }
  } finally {
    // A read still running must finish before the handle closes.
    await pending.catch(() => undefined);
    await handle.close();
  }
}

/**
 * True when JSON text nests arrays/objects deeper than `limit` (strings are skipped). Portcullis
 * writes event details two or three levels deep; a reader checks this before JSON.parse, so a
 * line of a million `[` cannot make it build a million objects.
 */
export function nestsDeeperThan(buf: Uint8Array, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const c = buf[i];
    if (inString) {
      if (c === 0x5c) i++;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
