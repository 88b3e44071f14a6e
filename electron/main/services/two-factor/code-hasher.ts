import { createHmac, hkdfSync, randomInt, timingSafeEqual } from 'node:crypto';

const BACKUP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/**
 * One-way, keyed hashes for one-time and backup codes. A six-digit code hashed with plain
 * SHA-256 could be brute-forced from a copied database file; the HMAC key is derived from
 * the keychain's data key, which never sits in the file.
 */
export class CodeHasher {
  private readonly key: Buffer;

  constructor(dataKey: Buffer) {
    this.key = Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), 'portcullis/one-time-codes', 32));
  }

  /** HMAC-SHA256 of a normalised code, bound to its user and purpose. */
  hash(code: string, context: string): string {
    return createHmac('sha256', this.key)
      .update(`${context}\n${normalizeCode(code)}`)
      .digest('hex');
  }

  /**
   * A short keyed fingerprint of free text (a typed login in the audit log): equal texts give
   * equal fingerprints, so events can be correlated, but the text cannot be read back or
   * guessed from a copied database without the keychain's key.
   */
  fingerprint(text: string, context: string): string {
    return createHmac('sha256', this.key).update(`${context}\n${text}`).digest('hex').slice(0, 16);
  }

  /** Constant-time comparison of a typed code against a stored hash. */
  matches(code: string, context: string, stored: string): boolean {
    const a = Buffer.from(this.hash(code, context), 'hex');
    const b = Buffer.from(stored, 'hex');
    return a.length === b.length && timingSafeEqual(a, b);
  }
}

/** Codes are typed with spaces or dashes, in any case. */
export function normalizeCode(code: string): string {
  return code.replace(/[\s-]/g, '').toLowerCase();
}

/** A random six-digit code (leading zeros kept). */
export function sixDigitCode(): string {
  return String(randomInt(0, 1_000_000)).padStart(6, '0');
}

/** A backup code like "k7mq-2xpa-r9" (10 characters, ~49 bits), easy to read aloud. */
export function backupCode(): string {
  let raw = '';
  for (let i = 0; i < 10; i++) raw += BACKUP_ALPHABET.charAt(randomInt(0, BACKUP_ALPHABET.length));
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8)}`;
}
