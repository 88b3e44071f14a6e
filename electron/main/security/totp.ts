import { generate, generateSecret, generateURI, verify } from 'otplib';

/** Seconds per TOTP time step (RFC 6238 X). */
export const TOTP_PERIOD = 30;
/** Accept one step each way: clock drift under a minute (docs/product.md source page S2). */
const TOLERANCE_SECONDS = TOTP_PERIOD;

type Secret = string | Uint8Array;
type Digits = 6 | 8;
type Algorithm = 'sha1' | 'sha256' | 'sha512';

/** A new 160-bit secret, base32 (what authenticator apps expect). */
export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

/** The otpauth:// URI put in the QR code: issuer "Portcullis", label the account name. */
export function totpUri(accountName: string, secret: string): string {
  return generateURI({ issuer: 'Portcullis', label: accountName, secret });
}

/** The key as people type it: groups of four characters. */
export function groupKey(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

/** The code for a moment in time (ms since epoch). */
export function totpCode(
  secret: Secret,
  atMs: number,
  o: { digits?: Digits; algorithm?: Algorithm } = {},
): Promise<string> {
  return generate({
    secret,
    epoch: Math.floor(atMs / 1000),
    digits: o.digits ?? 6,
    algorithm: o.algorithm ?? 'sha1',
  });
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: 'wrong_code' | 'replay' };

/**
 * Verifies a code at `atMs`, one step of drift each way. A code whose time step is not after
 * `lastStep` (the newest step this user already used) is a replay and is refused.
 */
export async function checkTotp(
  secret: Secret,
  token: string,
  atMs: number,
  lastStep: number | null,
  o: { digits?: Digits; algorithm?: Algorithm } = {},
): Promise<TotpCheck> {
  const digits = o.digits ?? 6;
  if (!new RegExp(`^\\d{${digits}}$`).test(token)) return { ok: false, reason: 'wrong_code' };
  const result = await verify({
    secret,
    token,
    epoch: Math.floor(atMs / 1000),
    digits,
    algorithm: o.algorithm ?? 'sha1',
    epochTolerance: TOLERANCE_SECONDS,
  });
  if (!result.valid || !('timeStep' in result)) return { ok: false, reason: 'wrong_code' };
  if (lastStep !== null && result.timeStep <= lastStep) return { ok: false, reason: 'replay' };
  return { ok: true, step: result.timeStep };
}
