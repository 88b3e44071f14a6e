import { formatTimestamp } from '@/composables/use-format';
// Showing fingerprints and times so people can read them aloud and compare (issue 18 items 1, 7).

/** A fingerprint in groups of four ("ab12 cd34 …"), for reading aloud and comparing. */
export function groupFingerprint(fp: string): string {
  return fp.match(/.{1,4}/g)?.join(' ') ?? fp;
}

/** The last `n` characters people are asked to type back, grouped like the fingerprint's end. */
export function fingerprintTail(fp: string, n = 8): string {
  return groupFingerprint(fp.slice(-n));
}

/** True when `typed` (any case, spaces or colons) is the fingerprint's last `n` characters. */
export function tailMatches(typed: string, fp: string, n = 8): boolean {
  const clean = typed.replace(/[\s:]/g, '').toLowerCase();
  return fp.length >= n && clean === fp.slice(-n).toLowerCase();
}

/** A date and time to the second with its time zone, in the app's language (use-format.ts). */
export function formatWithZone(iso: string): string {
  return formatTimestamp(iso);
}

/** The time zone the times above are in ("Europe/Berlin"). */
export function localZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}
