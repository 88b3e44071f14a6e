/** Fixed byte patterns of export lines and allocation-free checks on them (verify's hot path). */

/** Start of every event line. */
export const PREV_PREFIX = Buffer.from('{"prev":"');
/** Bytes 73-78 of every event line, after the 64-hex `prev`. */
export const N_PREFIX = Buffer.from('","n":');
/** Start of the fixed 75-byte line ending `,"hash":"<64 hex>"}`. */
export const HASH_MARK = Buffer.from(',"hash":"');
/** Start of the manifest line. */
export const MANIFEST_PREFIX = Buffer.from('{"manifest":');
/** Start of a header line as Portcullis writes it. */
export const HEADER_PREFIX = Buffer.from('{"format":"portcullis-audit-export"');

/** True when `buf` holds the bytes of `prefix` at `at`. */
export function startsWith(buf: Buffer, at: number, prefix: Buffer): boolean {
  for (let i = 0; i < prefix.length; i++) if (buf[at + i] !== prefix[i]) return false;
  return true;
}

/** True when the 64 bytes of `buf` at `at` spell the hex string `hex`. */
export function sameHex(buf: Buffer, at: number, hex: string): boolean {
  if (hex.length !== 64) return false;
  for (let i = 0; i < 64; i++) if (buf[at + i] !== hex.charCodeAt(i)) return false;
  return true;
}
