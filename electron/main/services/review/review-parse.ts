/**
 * Reads an event line written by eventLine (export-format.ts) without JSON.parse of the whole
 * line: the fields sit in a fixed order, so a cursor walks the text and cuts each value out.
 * review-db.ts uses it for a line whose details nest too deep to parse (a hostile file: a million
 * nested arrays would exhaust the worker's heap); the other fields are still shown. Anything
 * unexpected (another key order, a number where text belongs) returns undefined.
 * (Measured: not faster than JSON.parse for ordinary lines, so it is not the general path.)
 */

const KEYS = [
  ',"id":',
  ',"at":',
  ',"code":',
  ',"message":',
  ',"actor":',
  ',"actorId":',
  ',"subject":',
  ',"subjectId":',
  ',"ip":',
  ',"sessionHash":',
  ',"location":',
  ',"deviceType":',
  ',"browser":',
  ',"os":',
  ',"details":',
];
/** `,"rowHash":"<64 hex>"` (77 bytes) + `,"hash":"<64 hex>"}` (75) end every event line. */
const ROW_HASH = ',"rowHash":"';
const TAIL = 77 + 75;
/** Details longer or deeper than this take the general path (it caps nesting and size). */
const DETAILS_FAST_MAX = 4096;
const INTEGER = 0;
const TEXT = 1;
/** Per key: an integer or null, or text or null (`at`, `code`, `message` may not be null). */
const KINDS = [INTEGER, TEXT, TEXT, TEXT, TEXT, INTEGER, TEXT, INTEGER, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT];
/** Per key: its place in the row (REVIEW_SCHEMA's column order: actor_id before actor_name). */
const SLOTS = [0, 2, 3, 4, 6, 5, 8, 7, 9, 10, 11, 12, 13, 14];

let pos = 0;

function expect(t: string, key: string): boolean {
  if (!t.startsWith(key, pos)) return false;
  pos += key.length;
  return true;
}

/** True (and consumed) when a JSON `null` is at pos. */
function isNull(t: string): boolean {
  if (t.startsWith('null', pos)) {
    pos += 4;
    return true;
  }
  return false;
}

/** A non-negative safe integer, or -1 when the bytes are something else. */
function integer(t: string, end: number): number {
  let n = 0;
  const start = pos;
  for (let c = t.charCodeAt(pos); pos < end && c >= 0x30 && c <= 0x39; c = t.charCodeAt(++pos))
    n = n * 10 + (c - 0x30);
  if (pos === start || pos - start > 15 || (t.charCodeAt(start) === 0x30 && pos - start > 1)) return -1;
  return n;
}

/** A string without escapes, as text; undefined when it has a backslash or control byte. */
function plainString(t: string, end: number): string | undefined {
  if (t.charCodeAt(pos) !== 0x22) return undefined;
  const start = pos + 1;
  let i = start;
  for (; i < end; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x22) break;
    if (c === 0x5c || c < 0x20) return escaped(t, end);
  }
  if (i >= end) return undefined;
  pos = i + 1;
  return t.slice(start, i);
}

/** A string with escapes: found by scanning, decoded by JSON.parse of that string alone. */
function escaped(t: string, end: number): string | undefined {
  let i = pos + 1;
  for (; i < end; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x5c) i++;
    else if (c === 0x22) break;
  }
  if (i >= end) return undefined;
  try {
    const v: unknown = JSON.parse(t.slice(pos, i + 1));
    if (typeof v !== 'string') return undefined;
    pos = i + 1;
    return v;
  } catch {
    return undefined;
  }
}

/**
 * The row values of one verified event line (the order of REVIEW_SCHEMA minus `prev_hash`), or
 * undefined when the line is not exactly as eventLine writes it. Details that are not a small,
 * shallow JSON object become `detailsInstead` (undefined: the line is refused).
 */
export function fastRowValues(buf: Buffer, line: number, detailsInstead?: string): unknown[] | undefined {
  // JSON's syntax is ASCII, so walking the decoded text finds the same places as the bytes.
  const t = buf.toString('utf8');
  const end = t.length - TAIL;
  if (end < 80) return undefined;
  pos = end;
  if (!expect(t, ROW_HASH)) return undefined;
  // After `{"prev":"<64>","n":` and the event number.
  pos = 79;
  if (integer(t, end) < 0) return undefined;
  const out: unknown[] = new Array(17);
  out[1] = line;
  for (let k = 0; k < 14; k++) {
    const key = KEYS[k];
    if (!key || !expect(t, key)) return undefined;
    const slot = SLOTS[k] ?? 16;
    if (KINDS[k] === INTEGER) {
      if (k > 0 && isNull(t)) out[slot] = null;
      else {
        const n = integer(t, end);
        if (n < 0) return undefined;
        out[slot] = n;
      }
    } else if (k > 3 && isNull(t)) out[slot] = null;
    else {
      const s = plainString(t, end);
      if (s === undefined) return undefined;
      out[slot] = s;
    }
  }
  const details = KEYS[14];
  if (!details || !expect(t, details)) return undefined;
  const d = detailsText(t, pos, end) ?? detailsInstead;
  if (d === undefined) return undefined;
  out[15] = d;
  // The line's own hash (the last field), as the general path stores it.
  out[16] = t.slice(t.length - 66, t.length - 2);
  return out;
}

/** The details as stored text: the file's own JSON when it is a small object, else undefined. */
function detailsText(t: string, s: number, e: number): string | undefined {
  if (e - s > DETAILS_FAST_MAX || t.charCodeAt(s) !== 0x7b || t.charCodeAt(e - 1) !== 0x7d) return undefined;
  const text = t.slice(s, e);
  // Small and shallow (the usual case): a nesting guard before JSON.parse builds anything.
  let depth = 0;
  for (let i = s; i < e; i++) {
    const c = t.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      if (++depth > 16) return undefined;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  try {
    const v: unknown = JSON.parse(text);
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? text : undefined;
  } catch {
    return undefined;
  }
}
