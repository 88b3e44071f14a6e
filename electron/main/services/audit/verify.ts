import { createReadStream } from 'node:fs';
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

const PREV_PREFIX = Buffer.from('{"prev":"');
const N_PREFIX = Buffer.from('","n":');
const HASH_MARK = Buffer.from(',"hash":"');
const MANIFEST_PREFIX = Buffer.from('{"manifest":');

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
    const no = ++this.line;
    if (no === 1) return this.feedHeader(buf);
    if (this.manifestSeen) {
      if (buf.length === 0) return true;
      return this.fail(no, 'there is content after the signed manifest (a line was added at the end)');
    }
    if (buf.length === 0) return this.fail(no, 'the line is empty (a line was removed or blanked)');
    if (buf.length > 12 && buf.compare(MANIFEST_PREFIX, 0, 12, 0, 12) === 0)
      return this.feedManifest(buf, no);
    return this.feedEvent(buf, no);
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
    return true;
  }

  private feedEvent(buf: Buffer, no: number): boolean {
    const len = buf.length;
    const shapeOk =
      len > 160 &&
      buf.compare(PREV_PREFIX, 0, 9, 0, 9) === 0 &&
      buf.compare(N_PREFIX, 0, 6, 73, 79) === 0 &&
      buf.compare(HASH_MARK, 0, 9, len - HASH_SUFFIX_LENGTH, len - 66) === 0 &&
      buf[len - 2] === 0x22 &&
      buf[len - 1] === 0x7d;
    if (!shapeOk) return this.fail(no, 'the line is not a well-formed event line (it was edited or cut)');
    const own = buf.toString('latin1', len - 66, len - 2);
    if (sha256Hex(buf.subarray(0, len - HASH_SUFFIX_LENGTH)) !== own)
      return this.fail(no, 'the event does not match its hash (the line was edited)');
    const expected = this.events + 1;
    let n = 0;
    let i = 79;
    for (let c = buf[i] ?? 0; i < len && c >= 0x30 && c <= 0x39; c = buf[++i] ?? 0) n = n * 10 + (c - 0x30);
    if (n !== expected)
      return this.fail(
        no,
        n > expected
          ? `expected event #${expected} but found #${n} (a line was removed or moved)`
          : `event #${n} appears again or out of order (a line was inserted or moved)`,
      );
    if (buf.toString('latin1', 9, 73) !== this.prev)
      return no === 2
        ? this.fail(1, 'the header was changed (the first event was chained to a different header)')
        : this.fail(no, `the line does not follow line ${no - 1} (line ${no - 1} or ${no} was replaced)`);
    this.prev = own;
    this.events = n;
    this.onEvent?.(buf, no);
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
    if (m.finalHash !== this.prev)
      return this.fail(no, 'the manifest does not close the chain of the lines before it');
    if (m.headerHash !== this.headerHash)
      return this.fail(1, 'the header was changed (it does not match the manifest)');
    const header = this.header;
    if (!header) return this.fail(1, 'the header is missing');
    if (
      typeof m.signature !== 'string' ||
      !signatureValid(
        header.publicKey,
        signedText(this.headerHash, this.prev, this.events, this.version),
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

/** Streams a file through the verifier, splitting lines on raw bytes. */
export async function verifyExportFile(path: string, o: VerifyOptions = {}): Promise<ExportVerdict> {
  o.signal?.throwIfAborted();
  const trusted = Array.isArray(o.trust) ? o.trust : (o.trust?.list() ?? []);
  const v = new ExportVerifier(o.key, o.onEvent, trusted);
  let rest: Buffer | null = null;
  let bytes = 0;
  const stream = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      o.signal?.throwIfAborted();
      bytes += chunk.length;
      let buf: Buffer = rest ? Buffer.concat([rest, chunk]) : chunk;
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
        if (!v.feed(buf.subarray(start, nl))) return v.finish();
        start = nl + 1;
      }
      buf = buf.subarray(start);
      rest = buf.length ? Buffer.from(buf) : null;
      o.onProgress?.(bytes);
    }
    o.signal?.throwIfAborted();
    if (rest && !v.feed(rest)) return v.finish();
    return v.finish();
  } finally {
    if (v.exportHeader) o.onHeader?.(v.exportHeader);
    stream.destroy();
  }
}
