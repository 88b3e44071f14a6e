import { hash } from 'node:crypto';
import type { ExportVerdict } from '../../../../shared/domain/audit';
import {
  HASH_SUFFIX_LENGTH,
  sha256Hex,
  signatureValid,
  signedText,
  type ExportHeader,
  type ExportManifest,
  type ExportVersion,
} from './export-format';
import { checkHeader } from './export-header';
import { decideTrust, type TrustDecision, type TrustEntry } from './signer-trust';
import type { TrustStore } from './trust-store';
import { MAX_EXPORT_LINE, readExportLines } from './open-export';
import {
  HASH_MARK,
  HEADER_PREFIX,
  MANIFEST_PREFIX,
  N_PREFIX,
  PREV_PREFIX,
  sameHex,
  startsWith,
} from './line-bytes';

/** Who may have signed: `key` (a fingerprint, as `--key`) and/or the auditor's trusted signers. */
export interface TrustOptions {
  key?: string | undefined;
  trust?: TrustStore | TrustEntry[] | undefined;
}

/** Options of verifyExportFile. */
export interface VerifyOptions extends TrustOptions {
  onEvent?: ((line: Buffer, lineNo: number) => void) | undefined;
  onProgress?: ((bytes: number) => void) | undefined;
  onHeader?: ((header: ExportHeader) => void) | undefined;
  /** Aborting stops reading and rejects with the signal's reason. */
  signal?: AbortSignal | undefined;
}

/**
 * Checks one export line by line; every event line is also handed to `onEvent` (for review).
 * Trust (`key`, `trusted`) is decided from the header's signer and key history, and applied to
 * the verdict only once the whole chain and its signature verified: altered beats refused.
 */
export class ExportVerifier {
  private line = 0;
  private events = 0;
  private prev = '';
  private headerHash = '';
  private header: ExportHeader | null = null;
  private version: ExportVersion = 1;
  private decision: TrustDecision | null = null;
  private manifestSeen = false;
  verdict: ExportVerdict | null = null;

  constructor(
    private readonly expectedKey?: string,
    private readonly onEvent?: (line: Buffer, lineNo: number) => void,
    private readonly trusted: TrustEntry[] = [],
    /** Called as soon as line 1 passed its checks (the review banner shows it while the rest verifies). */
    private readonly onHeader?: (header: ExportHeader) => void,
  ) {}

  private fail(line: number, reason: string): false {
    this.altered(line, reason);
    return false;
  }

  private altered(line: number, reason: string): ExportVerdict {
    this.verdict = { status: 'altered', line, reason, fingerprint: this.header?.fingerprint ?? null };
    return this.verdict;
  }

  /** Feeds one line (without its newline); false once a verdict is reached. */
  feed(buf: Buffer): boolean {
    return this.feedAt(buf, 0, buf.length);
  }

  /** Feeds bytes [s, e) of `buf` as one line, without copying them (the hot path). */
  feedAt(buf: Buffer, s: number, e: number): boolean {
    const no = ++this.line;
    if (no === 1) return this.feedHeader(buf.subarray(s, e));
    const len = e - s;
    if (this.manifestSeen) {
      if (len === 0) return true;
      return this.fail(no, 'there is content after the signed manifest (a line was added at the end)');
    }
    if (len === 0) return this.fail(no, 'the line is empty (a line was removed or blanked)');
    if (len > 12 && startsWith(buf, s, MANIFEST_PREFIX)) return this.feedManifest(buf.subarray(s, e), no);
    return this.feedEvent(buf, s, e, no);
  }

  /** A line longer than MAX_EXPORT_LINE: never read whole; line 1 decides "not an export". */
  tooLong(line: number, start: Buffer): ExportVerdict {
    const limit = `${MAX_EXPORT_LINE / (1024 * 1024)} MiB`;
    if (line === 1 && !startsWith(start, 0, HEADER_PREFIX))
      return (this.verdict = {
        status: 'not-an-export',
        reason: `the first line is longer than ${limit} and is not a Portcullis audit export header`,
      });
    return this.altered(line, `the line is longer than ${limit}; Portcullis never writes such a line`);
  }

  private feedHeader(buf: Buffer): boolean {
    const c = checkHeader(buf);
    if (!c.ok) {
      if (!c.notAnExport) return this.fail(1, c.reason);
      this.verdict = { status: 'not-an-export', reason: c.reason };
      return false;
    }
    this.header = c.header;
    this.version = c.version;
    this.decision = decideTrust({
      signer: c.header.fingerprint,
      history: c.history,
      signedAt: c.header.exportedAt,
      key: this.expectedKey,
      trusted: this.trusted,
    });
    this.headerHash = sha256Hex(buf);
    this.prev = this.headerHash;
    this.onHeader?.(c.header);
    return true;
  }

  /**
   * One event line, checked in place: shape, own hash (SHA-256 of the line minus its last 75
   * bytes, compared byte by byte with the hex it carries), `n`, then the link to the line before.
   * Plain byte loops: Buffer.compare/toString with offsets cost more than the hashing here.
   */
  private feedEvent(buf: Buffer, s: number, e: number, no: number): boolean {
    const len = e - s;
    const shapeOk =
      len > 160 &&
      startsWith(buf, s, PREV_PREFIX) &&
      startsWith(buf, s + 73, N_PREFIX) &&
      startsWith(buf, e - HASH_SUFFIX_LENGTH, HASH_MARK) &&
      buf[e - 2] === 0x22 &&
      buf[e - 1] === 0x7d;
    if (!shapeOk) return this.fail(no, 'the line is not a well-formed event line (it was edited or cut)');
    const own = hash('sha256', buf.subarray(s, e - HASH_SUFFIX_LENGTH), 'hex');
    if (!sameHex(buf, e - 66, own))
      return this.fail(no, 'the event does not match its hash (the line was edited)');
    const expected = this.events + 1;
    let n = 0;
    let i = s + 79;
    for (let c = buf[i] ?? 0; i < e && c >= 0x30 && c <= 0x39; c = buf[++i] ?? 0) n = n * 10 + (c - 0x30);
    if (n !== expected)
      return this.fail(
        no,
        n > expected
          ? `expected event #${expected} but found #${n} (a line was removed or moved)`
          : `event #${n} appears again or out of order (a line was inserted or moved)`,
      );
    if (!sameHex(buf, s + 9, this.prev))
      return no === 2
        ? this.fail(1, 'the header was changed (the first event was chained to a different header)')
        : this.fail(no, `the line does not follow line ${no - 1} (line ${no - 1} or ${no} was replaced)`);
    this.prev = own;
    this.events = n;
    this.onEvent?.(buf.subarray(s, e), no);
    return true;
  }

  private feedManifest(buf: Buffer, no: number): boolean {
    let m: Partial<ExportManifest>;
    try {
      m = JSON.parse(buf.toString('utf8')) as Partial<ExportManifest>;
    } catch {
      return this.fail(no, 'the manifest line is not valid JSON');
    }
    if (m.count !== this.events)
      return this.fail(no, `the manifest lists ${String(m.count)} events but the file has ${this.events}`);
    const finalHash = this.prev;
    if (m.finalHash !== finalHash)
      return this.fail(no, 'the manifest does not close the chain of the lines before it');
    if (m.headerHash !== this.headerHash)
      return this.fail(1, 'the header was changed (it does not match the manifest)');
    const header = this.header;
    if (!header) return this.fail(1, 'the header is missing');
    if (
      typeof m.signature !== 'string' ||
      !signatureValid(
        header.publicKey,
        signedText(this.headerHash, finalHash, this.events, this.version),
        m.signature,
      )
    )
      return this.fail(no, 'the signature does not verify (the manifest was forged or the file re-signed)');
    this.manifestSeen = true;
    return true;
  }

  /** Call at end of file: completes the verdict. */
  finish(): ExportVerdict {
    if (this.verdict) return this.verdict;
    const h = this.header;
    if (!h) return { status: 'not-an-export', reason: 'the file is empty' };
    if (!this.manifestSeen)
      return this.altered(this.line + 1, 'the file ends before the signed manifest (it was truncated)');
    const d = this.decision ?? { refused: 'the signer could not be checked' };
    if ('refused' in d) return { status: 'refused', reason: d.refused, fingerprint: h.fingerprint };
    return {
      status: 'intact',
      trust: d.trust,
      signer: {
        fingerprint: h.fingerprint,
        organisation: h.organisation ?? null,
        directoryId: h.directoryId ?? null,
        via: d.via,
        trustedAncestor: d.trustedAncestor,
        trustedAs: d.trustedAs,
      },
      scope: {
        version: this.version,
        filter: h.filter,
        exportedAt: h.exportedAt,
        exportedBy: h.exportedBy,
        events: this.events,
      },
      events: this.events,
      fingerprint: h.fingerprint,
      exportedAt: h.exportedAt,
      exportedBy: h.exportedBy,
    };
  }

  /** The verified header, once line 1 passed. */
  get exportHeader(): ExportHeader | null {
    return this.header;
  }
}

/**
 * Streams a file through the verifier, splitting lines on raw bytes in large reads without
 * copying them. Only a regular file is opened (open-export.ts); a line longer than
 * MAX_EXPORT_LINE ends the check without being read whole.
 */
export async function verifyExportFile(path: string, o: VerifyOptions = {}): Promise<ExportVerdict> {
  o.signal?.throwIfAborted();
  const trusted = Array.isArray(o.trust) ? o.trust : (o.trust?.list() ?? []);
  const v = new ExportVerifier(o.key, o.onEvent, trusted, o.onHeader);
  const progress = o.onProgress;
  const end = await readExportLines(path, (buf, s, e) => v.feedAt(buf, s, e), {
    signal: o.signal,
    onProgress:
      progress &&
      ((bytes) => {
        progress(bytes);
      }),
  });
  if (end.kind === 'too-long') return v.tooLong(end.line, end.start);
  return v.finish();
}
