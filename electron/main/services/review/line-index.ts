import { existsSync, fstatSync, readSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Phase 1's index of the private copy (lines.idx beside the review database): one fixed-size
 * record (id, line, offset, length) per verified event line, appended in file order. While the
 * ids rise strictly (every export Portcullis writes) the records are sorted by id and by line, so
 * a page is a binary search and a withdrawal a truncation; no SQLite work during verification. A
 * hostile file whose ids repeat or go back switches the load to the review_lines table once
 * (lines.sql marks it; see review-loader.ts), keeping the first line of each id.
 */

/** Bytes per record: four float64 (id, line, off, len). */
export const RECORD = 32;
const FIELDS = 4;

/** A verified line's place in the private copy. */
export interface LineRef {
  id: number;
  line: number;
  off: number;
  len: number;
}

/** Where a review database's index of the private copy is. */
export function indexPath(dbPath: string): string {
  return join(dirname(dbPath), 'lines.idx');
}

/** Present once the load moved the index to review_lines (ids that repeat or go back). */
export function sqlModePath(dbPath: string): string {
  return join(dirname(dbPath), 'lines.sql');
}

/** True when the index of this review is review_lines, not lines.idx. */
export function inSqlMode(dbPath: string): boolean {
  return existsSync(sqlModePath(dbPath));
}

/** Records gathered since the last publication (at most MAX). */
export class RecordBatch {
  static readonly MAX = 8192;
  private readonly values = new Float64Array(FIELDS * RecordBatch.MAX);
  /** Records gathered. */
  n = 0;

  get full(): boolean {
    return this.n === RecordBatch.MAX;
  }

  add(id: number, line: number, off: number, len: number): void {
    const v = this.values;
    const at = this.n++ * FIELDS;
    v[at] = id;
    v[at + 1] = line;
    v[at + 2] = off;
    v[at + 3] = len;
  }

  /** The records gathered (a copy), and an empty batch. */
  take(): Float64Array {
    const out = this.values.slice(0, this.n * FIELDS);
    this.n = 0;
    return out;
  }
}

/** Each record of `records` as a LineRef. */
export function refsOf(records: Float64Array): LineRef[] {
  const out: LineRef[] = [];
  for (let k = 0; k < records.length; k += FIELDS)
    out.push({
      id: records[k] ?? 0,
      line: records[k + 1] ?? 0,
      off: records[k + 2] ?? 0,
      len: records[k + 3] ?? 0,
    });
  return out;
}

/** Appends records to lines.idx (after the copy bytes they name are written); how many. */
export function appendRecords(fd: number, records: Float64Array): number {
  const bytes = Buffer.from(records.buffer, records.byteOffset, records.byteLength);
  let done = 0;
  while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
  return records.length / FIELDS;
}

/** Reads records of lines.idx (the main thread pages with it; phase 2 walks it in order). */
export class IndexReader {
  private readonly one = new Float64Array(FIELDS);
  private readonly oneBytes = Buffer.from(this.one.buffer);

  constructor(private readonly fd: number) {}

  /** Whole records in the file now (a record is counted only once its bytes are all written). */
  count(): number {
    return Math.floor(fstatSync(this.fd).size / RECORD);
  }

  /** Field `f` of record `i` (0 id, 1 line); NaN when the file no longer has it. */
  private field(i: number, f: number): number {
    const got = readSync(this.fd, this.oneBytes, 0, RECORD, i * RECORD);
    return got === RECORD ? (this.one[f] ?? NaN) : NaN;
  }

  /** The first record in [0, n) whose field `f` is ≥ x (records rise in id and in line). */
  lowerBound(x: number, n: number, f = 0): number {
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.field(mid, f);
      // A record gone (truncated meanwhile) counts as past the end.
      if (v < x) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Records [from, to), in file order (fewer when the file was truncated meanwhile). */
  range(from: number, to: number): LineRef[] {
    if (to <= from) return [];
    const all = new Float64Array((to - from) * FIELDS);
    const buf = Buffer.from(all.buffer);
    let got = 0;
    while (got < buf.length) {
      const n = readSync(this.fd, buf, got, buf.length - got, from * RECORD + got);
      if (n === 0) break;
      got += n;
    }
    return refsOf(all.subarray(0, Math.floor(got / RECORD) * FIELDS));
  }
}
