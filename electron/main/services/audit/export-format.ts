import { createPublicKey, hash, verify } from 'node:crypto';
import type { AuditFilter, SigningKeyRecord } from '../../../../shared/domain/audit';

/**
 * The signed JSON Lines export (format version 2; docs/audit-export-format.md):
 *  line 1   header   {"format":"portcullis-audit-export","version":2,...,"publicKey","fingerprint",
 *                     "directoryId","organisation","keyHistory":[...]}
 *  line k   event    {"prev":"<hash of line k-1>","n":k-1,...event fields...,"hash":"<sha256 of the line up to ,"hash">"}
 *  last     manifest {"manifest":true,"count":N,"headerHash","finalHash","signature"}
 * Line 2's prev is the SHA-256 of the raw header line; the Ed25519 signature covers signedText(),
 * whose headerHash covers the key history. Version 1 (no directory, organisation or key history;
 * signed text prefix `portcullis-audit-export/1`) still verifies.
 */
export const EXPORT_FORMAT = 'portcullis-audit-export';
/** The version this build writes. */
export const EXPORT_VERSION = 2;
/** Every version this build verifies. */
export const EXPORT_VERSIONS = [1, 2] as const;
export type ExportVersion = (typeof EXPORT_VERSIONS)[number];

/** The first line of an export (version 1 files lack the last three fields). */
export interface ExportHeader {
  format: typeof EXPORT_FORMAT;
  version: ExportVersion;
  exportedAt: string;
  exportedBy: string;
  filter: AuditFilter;
  algorithm: 'Ed25519';
  /** Base64 of the DER SubjectPublicKeyInfo. */
  publicKey: string;
  fingerprint: string;
  /** Version 2: the directory (database instance id) and organisation that signed. */
  directoryId?: string;
  organisation?: string;
  /** Version 2: the directory's key history, oldest first; the signer is its last unrevoked key. */
  keyHistory?: SigningKeyRecord[];
}

/** The last line of an export. */
export interface ExportManifest {
  manifest: true;
  count: number;
  headerHash: string;
  finalHash: string;
  signature: string;
}

/** An audit row as read for export (raw columns). */
export interface ExportRow {
  id: number;
  at: string;
  code: string;
  message: string;
  actor_id: number | null;
  actor_name: string | null;
  subject_id: number | null;
  subject_name: string | null;
  ip: string | null;
  session_hash: string | null;
  location: string | null;
  device_type: string | null;
  browser: string | null;
  os: string | null;
  details: string;
  hash: string;
}

/** SHA-256 hex of a string or bytes. */
export function sha256Hex(data: string | Buffer): string {
  return hash('sha256', data, 'hex');
}

/** The key fingerprint auditors pin: SHA-256 of the DER public key, hex. */
export function fingerprintOf(publicKeyDer: Buffer): string {
  return sha256Hex(publicKeyDer);
}

/** Normalises a typed fingerprint (colons, spaces, case) for comparison. */
export function normaliseFingerprint(text: string): string {
  return text
    .replace(/^sha256:/i, '')
    .replace(/[\s:]/g, '')
    .toLowerCase();
}

/** The fields a version 2 header is written from. */
export interface HeaderFields {
  exportedAt: string;
  exportedBy: string;
  filter: AuditFilter;
  publicKey: string;
  fingerprint: string;
  directoryId: string;
  organisation: string;
  keyHistory: SigningKeyRecord[];
}

/** The version 2 header line (no newline); the format field comes first so sniffing is cheap. */
export function headerLine(h: HeaderFields): string {
  const header: ExportHeader = {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: h.exportedAt,
    exportedBy: h.exportedBy,
    filter: h.filter,
    algorithm: 'Ed25519',
    publicKey: h.publicKey,
    fingerprint: h.fingerprint,
    directoryId: h.directoryId,
    organisation: h.organisation,
    keyHistory: h.keyHistory,
  };
  return JSON.stringify(header);
}

const j = JSON.stringify;
/** Plain ASCII without quotes, backslashes or control characters needs no escaping. */
const PLAIN = /^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/;
function str(v: string | null): string {
  return v === null ? 'null' : PLAIN.test(v) ? `"${v}"` : j(v);
}
/** Length of the fixed line ending `,"hash":"<64 hex>"}`. */
export const HASH_SUFFIX_LENGTH = 75;

/** One event line (no newline); returns the line and its hash (the next line's prev). */
export function eventLine(prev: string, n: number, r: ExportRow): { line: string; hash: string } {
  const body =
    `{"prev":"${prev}","n":${n},"id":${r.id},"at":${str(r.at)},"code":${str(r.code)},"message":${str(r.message)}` +
    `,"actor":${str(r.actor_name)},"actorId":${r.actor_id ?? 'null'},"subject":${str(r.subject_name)}` +
    `,"subjectId":${r.subject_id ?? 'null'},"ip":${str(r.ip)},"sessionHash":${str(r.session_hash)}` +
    `,"location":${str(r.location)},"deviceType":${str(r.device_type)},"browser":${str(r.browser)}` +
    `,"os":${str(r.os)},"details":${r.details || '{}'},"rowHash":"${r.hash}"`;
  const h = sha256Hex(body);
  return { line: `${body},"hash":"${h}"}`, hash: h };
}

/** The exact text the Ed25519 signature covers (the version is the file's own). */
export function signedText(
  headerHash: string,
  finalHash: string,
  count: number,
  version: ExportVersion = EXPORT_VERSION,
): string {
  return `${EXPORT_FORMAT}/${version}\n${headerHash}\n${finalHash}\n${count}`;
}

/** The manifest line (no newline). */
export function manifestLine(m: Omit<ExportManifest, 'manifest'>): string {
  const manifest: ExportManifest = { manifest: true, ...m };
  return JSON.stringify(manifest);
}

/** True when the signature over signedText verifies with the header's public key. */
export function signatureValid(publicKeyB64: string, text: string, signatureB64: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyB64, 'base64'), format: 'der', type: 'spki' });
    return verify(null, Buffer.from(text), key, Buffer.from(signatureB64, 'base64'));
  } catch {
    return false;
  }
}
