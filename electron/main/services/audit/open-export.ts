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

/** What the line callback sees: the whole read buffer and the line's [start, end) within it. */
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

/**
 * Streams the lines of a regular file (split on raw 0x0A bytes, newline excluded) into `sink`
 * without copying them; the last line may have no newline. Stops when the sink returns false,
 * when a line exceeds maxLine bytes (reported, never buffered), or when `signal` aborts (throws).
 */
export async function readExportLines(
  path: string,
  sink: LineSink,
  o: ReadLinesOptions = {},
): Promise<ReadLinesEnd> {
  const max = o.maxLine ?? MAX_EXPORT_LINE;
  const { handle, size } = await openExportFile(path);
  let buf = Buffer.allocUnsafe(Math.max(READ_SIZE, Math.min(max + 1, 64 * 1024 * 1024)));
  let filled = 0;
  let total = 0;
  let lines = 0;
  try {
    for (;;) {
      o.signal?.throwIfAborted();
      if (filled === buf.length) {
        // Only reached when one line is longer than the buffer and still within max.
        const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, max + 1));
        buf.copy(bigger, 0, 0, filled);
        buf = bigger;
      }
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, null);
      total += bytesRead;
      const end = filled + bytesRead;
      let start = 0;
      // Lines that were complete in the previous read were already given: scan only new bytes.
      const view = buf.subarray(0, end);
      let from = filled;
      for (let nl = view.indexOf(10, from); nl !== -1; nl = view.indexOf(10, from)) {
        if (nl - start > max) return tooLong(lines + 1, buf, start);
        lines++;
        if (!sink(buf, start, nl)) return { kind: 'stopped', lines };
        start = nl + 1;
        from = start;
      }
      if (end - start > max) return tooLong(lines + 1, buf, start);
      if (bytesRead === 0) {
        if (end > start) {
          lines++;
          if (!sink(buf, start, end)) return { kind: 'stopped', lines };
        }
        return { kind: 'done', lines };
      }
      if (start > 0) buf.copyWithin(0, start, end);
      filled = end - start;
      o.onProgress?.(total, size);
    }
  } finally {
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
