import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import type { Keychain } from '../../adapters/keychain.port';
import { fingerprintOf } from './export-format';

const ACCOUNT = 'audit-signing-key';

/** The Ed25519 key that signs exports; its private half lives only in the OS keychain. */
export interface ExportSigner {
  publicKey: string;
  fingerprint: string;
  sign(text: string): string;
}

function signerFrom(privateKey: KeyObject): ExportSigner {
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  return {
    publicKey: der.toString('base64'),
    fingerprint: fingerprintOf(der),
    sign: (text) => sign(null, Buffer.from(text), privateKey).toString('base64'),
  };
}

/** Loads the signing key, or returns null when no export has been made yet. */
export async function loadSigner(keychain: Keychain): Promise<ExportSigner | null> {
  const stored = await keychain.get(ACCOUNT);
  if (!stored) return null;
  return signerFrom(createPrivateKey({ key: Buffer.from(stored, 'base64'), format: 'der', type: 'pkcs8' }));
}

/** Loads the signing key, generating and storing it on first use. */
export async function loadOrCreateSigner(keychain: Keychain): Promise<ExportSigner> {
  const existing = await loadSigner(keychain);
  if (existing) return existing;
  const { privateKey } = generateKeyPairSync('ed25519');
  await keychain.set(ACCOUNT, privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64'));
  return signerFrom(privateKey);
}
