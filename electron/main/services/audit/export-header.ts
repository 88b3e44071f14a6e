import type { SigningKeyRecord } from '../../../../shared/domain/audit';
import {
  EXPORT_FORMAT,
  EXPORT_VERSIONS,
  fingerprintOf,
  type ExportHeader,
  type ExportVersion,
} from './export-format';
import { keyHistoryValid } from './key-rotation';

/** A header line checked on its own (the manifest's signature later covers its hash). */
export type HeaderCheck =
  | { ok: true; header: ExportHeader; version: ExportVersion; history: SigningKeyRecord[] }
  | { ok: false; notAnExport: boolean; reason: string };

function bad(reason: string): HeaderCheck {
  return { ok: false, notAnExport: false, reason };
}

/**
 * Parses and checks line 1: the format, a supported version, a signer whose fingerprint matches
 * its key, when/by whom/filter, and for format 2 the directory, organisation and a valid key
 * history whose last unrevoked key is the signer.
 */
export function checkHeader(buf: Buffer): HeaderCheck {
  let h: Partial<ExportHeader> = {};
  try {
    const parsed: unknown = JSON.parse(buf.toString('utf8'));
    if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) h = parsed;
  } catch {
    h = {};
  }
  if (h.format !== EXPORT_FORMAT)
    return { ok: false, notAnExport: true, reason: 'the first line is not a Portcullis audit export header' };
  const version = EXPORT_VERSIONS.find((v) => v === h.version);
  if (version === undefined) return bad(`unsupported export format version ${String(h.version)}`);
  if (typeof h.publicKey !== 'string' || typeof h.fingerprint !== 'string')
    return bad('the header has no signer public key');
  if (fingerprintOf(Buffer.from(h.publicKey, 'base64')) !== h.fingerprint)
    return bad("the header's fingerprint does not match its public key");
  if (typeof h.exportedAt !== 'string' || typeof h.exportedBy !== 'string')
    return bad('the header does not say when and by whom the file was exported');
  const filter: unknown = h.filter;
  if (typeof filter !== 'object' || filter === null || Array.isArray(filter))
    return bad('the header does not say which filter the file was exported with');
  if (version === 1) return { ok: true, header: h as ExportHeader, version, history: [] };
  if (typeof h.directoryId !== 'string' || h.directoryId === '' || typeof h.organisation !== 'string')
    return bad('the header does not name the directory and organisation that signed it');
  const history = h.keyHistory ?? [];
  const valid = keyHistoryValid(history, h.directoryId);
  if (!valid.ok) return bad(`the key history in the header is broken: ${valid.reason}`);
  const signer = history.filter((k) => k.revokedAt === null).at(-1);
  const current = "the header's signer is not the current key of its key history";
  if (signer === undefined) return bad(current);
  if (signer.fingerprint !== h.fingerprint || signer.publicKey !== h.publicKey) return bad(current);
  return { ok: true, header: h as ExportHeader, version, history };
}
