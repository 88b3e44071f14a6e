import type { ExportVerdict, SignerInfo } from '../shared/domain/audit';
import { CliError, EXIT } from './io';

/**
 * Printing what verification found. Everything that comes from the file (organisation, names,
 * reasons that quote it) is untrusted: control characters (terminal escape sequences), bidi
 * overrides and overlong text are removed before it reaches the terminal, and a value placed in
 * a suggested shell command is single-quoted so pasting it runs nothing else.
 */

/** Text from a file, safe to print on one terminal line (at most `max` characters). */
export function printable(text: string, max = 200): string {
  // C0/C1 controls (ESC starts terminal sequences), bidi embedding/override/isolate marks.
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '?');
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}

/** A value as one POSIX shell word: single-quoted, embedded quotes closed and escaped. */
export function shellQuote(text: string): string {
  return `'${printable(text).replace(/'/g, `'\\''`)}'`;
}

/** A 64-hex fingerprint in groups of four, as people compare it aloud. */
export function groupFingerprint(fp: string): string {
  return (fp.match(/.{1,4}/g) ?? []).join(' ');
}

/** The exit code of a verdict: 0 trusted, 1 altered/refused, 2 not an export, 4 unknown signer. */
export function exitCodeOf(v: ExportVerdict): number {
  if (v.status === 'intact') return v.trust === 'trusted' ? EXIT.ok : EXIT.untrusted;
  if (v.status === 'not-an-export') return EXIT.usage;
  return EXIT.failed;
}

function signerLine(s: SignerInfo): string {
  const org =
    s.organisation === null
      ? 'no organisation (format 1 file)'
      : `"${printable(s.organisation || 'Unnamed organisation')}"`;
  const dir = s.directoryId === null ? '' : `, directory ${printable(s.directoryId, 100)}`;
  return `${org}${dir}`;
}

function trustLine(s: SignerInfo): string {
  const as = s.trustedAs === null ? '' : ` (trusted as "${printable(s.trustedAs)}")`;
  if (s.via === 'key') return 'the key you asked for (--key)';
  if (s.via === 'successor')
    return `a successor of a key you trust${as}, endorsed through the file's key history from ${groupFingerprint(s.trustedAncestor ?? '')}`;
  return `a signer you trust${as}`;
}

/** What a verdict prints: `out` (stdout, with room for a summary after `at`), `err` (stderr). */
export interface VerdictText {
  out: string[];
  /** Where a summary goes inside `out` (after the signer lines, before the advice). */
  at: number;
  err: string | null;
}

/** The lines describing a verdict. */
export function describeVerdict(v: ExportVerdict): VerdictText {
  if (v.status === 'not-an-export')
    return { out: [], at: 0, err: `not an audit export: ${printable(v.reason, 500)}` };
  if (v.status === 'altered')
    return { out: [], at: 0, err: `altered at line ${v.line}: ${printable(v.reason, 500)}` };
  if (v.status === 'refused')
    return {
      out: [`signer fingerprint: ${groupFingerprint(v.fingerprint)}`],
      at: 1,
      err: `refused: ${printable(v.reason, 500)}`,
    };
  const s = v.signer;
  const head =
    v.trust === 'trusted'
      ? `intact: ${v.events} events, signed by a trusted signer`
      : `intact: ${v.events} events, but the signer is NOT one you trust`;
  const out = [
    head,
    `  organisation: ${signerLine(s)}${v.trust === 'trusted' ? '' : ' (as the file claims; unconfirmed)'}`,
    `  fingerprint:  ${groupFingerprint(v.fingerprint)}`,
    `  exported:     ${printable(v.exportedAt, 40)} by ${printable(v.exportedBy)}`,
  ];
  if (v.trust === 'trusted') {
    out.push(`  trusted via:  ${trustLine(s)}`);
    return { out, at: out.length, err: null };
  }
  const name = s.organisation ? shellQuote(s.organisation) : 'NAME';
  out.push(
    '',
    'Anyone can sign a file; only the fingerprint tells who did. Compare the fingerprint above with',
    'the one the organisation gave you (not one written in this file), then trust it with:',
    `  portcullis audit trust add ${v.fingerprint} --organisation ${name}`,
    'or verify against a key you hold: portcullis audit verify FILE --key FINGERPRINT',
  );
  return { out, at: 4, err: null };
}

/** Prints a verdict (with `summary` lines after the signer) and ends with its exit code (0 returns). */
export function reportVerdict(v: ExportVerdict, summary: string[] = []): void {
  const { out, at, err } = describeVerdict(v);
  for (const line of [...out.slice(0, at), ...summary, ...out.slice(at)]) console.log(line);
  const code = exitCodeOf(v);
  if (err !== null) throw new CliError(err, code, false);
  if (code !== EXIT.ok) throw new CliError('', code);
}
