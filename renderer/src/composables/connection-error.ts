import type { Err } from '@shared/result';
import { i18n } from '@/i18n';
import { errorText } from '@/i18n/error-text';

const REASONS = [
  'address',
  'unreachable',
  'timeout',
  'tls',
  'not_portcullis',
  'certificate_changed',
  'ca_file',
  'ca_untrusted',
  'no_folder',
  'switch_failed',
] as const;

/** A refused connection step in the window's language: main's details.reason, else the code's sentence. */
export function connectionErrorText(e: Err): string {
  const reason = REASONS.find((r) => r === e.details?.reason);
  if (!reason) return errorText(e);
  const { t } = i18n.global;
  const fp = (v: unknown): string => (typeof v === 'string' ? v : '');
  return t(`connection.error.${reason}`, {
    expected: fp(e.details?.expected),
    actual: fp(e.details?.actual),
  });
}

/** A SHA-256 fingerprint (AB:CD:… or plain hex) in groups of four, for reading aloud and comparing. */
export function fingerprintGroups(fp: string): string {
  const hex = fp.replace(/[^0-9a-fA-F]/g, '').toUpperCase();
  return hex.match(/.{1,4}/g)?.join(' ') ?? hex;
}
