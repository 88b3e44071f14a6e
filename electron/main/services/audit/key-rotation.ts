import { createPublicKey, verify } from 'node:crypto';
import { z } from 'zod';
import type { SigningKeyRecord } from '../../../../shared/domain/audit';
import { fingerprintOf } from './export-format';

/** The most keys one history may list (a directory rotating weekly for years stays far below). */
export const MAX_KEY_HISTORY = 1000;
const FINGERPRINT = /^[0-9a-f]{64}$/;

/** The text the previous key signs to endorse its successor. */
export function rotationStatement(
  directoryId: string,
  previous: string,
  next: string,
  createdAt: string,
): string {
  return `portcullis-key-rotation/1\n${directoryId}\n${previous}\n${next}\n${createdAt}`;
}

/** The text a later key signs to mark an earlier one revoked. */
export function revocationStatement(directoryId: string, revoked: string, revokedAt: string): string {
  return `portcullis-key-revocation/1\n${directoryId}\n${revoked}\n${revokedAt}`;
}

/** True when `sigB64` is a valid Ed25519 signature of `text` by the DER SPKI public key `publicKeyB64`. */
export function verifyWithKey(publicKeyB64: string, text: string, sigB64: string): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(publicKeyB64, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, Buffer.from(text), key, Buffer.from(sigB64, 'base64'));
  } catch {
    return false;
  }
}

const iso = z
  .string()
  .max(40)
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');
const b64 = z
  .string()
  .max(400)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/);

/** zod shape of one history entry (files are untrusted input). */
export const signingKeyRecordSchema = z.strictObject({
  fingerprint: z.string().regex(FINGERPRINT),
  publicKey: b64,
  createdAt: iso,
  previous: z.string().regex(FINGERPRINT).nullable(),
  endorsement: b64.nullable(),
  revokedAt: iso.nullable(),
  revocation: b64.nullable(),
});

/** zod shape of a key history. */
export const keyHistorySchema = z.array(signingKeyRecordSchema).min(1).max(MAX_KEY_HISTORY);

/**
 * Checks a directory's key history: each key's fingerprint is the SHA-256 of its public key, the
 * first key has no predecessor, every later key is endorsed by the key before it (rotation
 * statement), and every revocation is signed by a later key of the same history.
 */
export function keyHistoryValid(
  history: SigningKeyRecord[],
  directoryId: string,
): { ok: true } | { ok: false; reason: string } {
  const parsed = keyHistorySchema.safeParse(history);
  if (!parsed.success) return { ok: false, reason: 'the key history is malformed' };
  const seen = new Set<string>();
  for (const [i, k] of history.entries()) {
    const n = i + 1;
    if (fingerprintOf(Buffer.from(k.publicKey, 'base64')) !== k.fingerprint)
      return { ok: false, reason: `key ${n} of the key history does not match its fingerprint` };
    if (seen.has(k.fingerprint)) return { ok: false, reason: `key ${n} of the key history appears twice` };
    seen.add(k.fingerprint);
    const before = history[i - 1];
    if (!before) {
      if (k.previous !== null || k.endorsement !== null)
        return { ok: false, reason: 'the first key of the key history claims a predecessor' };
    } else {
      if (k.previous !== before.fingerprint || k.endorsement === null)
        return { ok: false, reason: `key ${n} of the key history does not follow key ${i}` };
      if (Date.parse(k.createdAt) < Date.parse(before.createdAt))
        return { ok: false, reason: `key ${n} of the key history is older than the key before it` };
      const text = rotationStatement(directoryId, before.fingerprint, k.fingerprint, k.createdAt);
      if (!verifyWithKey(before.publicKey, text, k.endorsement))
        return { ok: false, reason: `key ${n} of the key history is not endorsed by the key before it` };
    }
    if ((k.revokedAt === null) !== (k.revocation === null))
      return { ok: false, reason: `key ${n} of the key history has an incomplete revocation` };
  }
  for (const [i, k] of history.entries()) {
    if (k.revokedAt === null || k.revocation === null) continue;
    const text = revocationStatement(directoryId, k.fingerprint, k.revokedAt);
    const sig = k.revocation;
    if (!history.slice(i + 1).some((later) => verifyWithKey(later.publicKey, text, sig)))
      return { ok: false, reason: `the revocation of key ${i + 1} is not signed by a later key` };
  }
  return { ok: true };
}

/** The public signing key file the owner hands to auditors. */
export interface PublicKeyFile {
  format: 'portcullis-signer';
  version: 1;
  organisation: string;
  directoryId: string;
  fingerprint: string;
  publicKey: string;
  history: SigningKeyRecord[];
}

/** zod shape of a public key file (untrusted input on the auditor's machine). */
export const publicKeyFileSchema = z.strictObject({
  format: z.literal('portcullis-signer'),
  version: z.literal(1),
  organisation: z.string().max(200),
  directoryId: z.string().min(1).max(100),
  fingerprint: z.string().regex(FINGERPRINT),
  publicKey: b64,
  history: keyHistorySchema,
});
