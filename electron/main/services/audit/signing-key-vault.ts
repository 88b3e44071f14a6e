import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import type { Db } from '../../db/connection';
import type { Keychain } from '../../adapters/keychain.port';
import { AppError } from '../../../../shared/result';
import { fingerprintOf } from './export-format';

/** The DER SubjectPublicKeyInfo of a key. */
export function publicDer(key: KeyObject): Buffer {
  return createPublicKey(key).export({ format: 'der', type: 'spki' });
}

/**
 * The private halves of a directory's signing keys in the OS keychain: the current one under
 * `audit-signing-key:<directoryId>`. A key being installed waits under `…:next` until the
 * database row that names it is committed, so a crash between the two never leaves the
 * directory without its key (the pending one is promoted on next use).
 */
export class SigningKeyVault {
  constructor(
    private readonly keychain: Keychain,
    private readonly directoryId: string,
  ) {}

  private get account(): string {
    return `audit-signing-key:${this.directoryId}`;
  }

  private get nextAccount(): string {
    return `${this.account}:next`;
  }

  /**
   * Keychain (pending) -> database row in a transaction -> keychain (current). `write` returns
   * false when another process got there first; the key is then dropped, not installed.
   */
  async install(privateKey: KeyObject, db: Db, write: (trx: Db) => Promise<boolean>): Promise<boolean> {
    const secret = privateKey.export({ format: 'der', type: 'pkcs8' }).toString('base64');
    await this.keychain.set(this.nextAccount, secret);
    const installed = await db.transaction().execute(write);
    if (installed) await this.keychain.set(this.account, secret);
    if ((await this.keychain.get(this.nextAccount)) === secret) await this.keychain.delete(this.nextAccount);
    return installed;
  }

  /** The private key of `fingerprint` from the keychain, promoting a pending one left by a crash. */
  async privateKeyFor(fingerprint: string): Promise<KeyObject> {
    for (const account of [this.account, this.nextAccount]) {
      const stored = await this.keychain.get(account);
      if (!stored) continue;
      const key = createPrivateKey({ key: Buffer.from(stored, 'base64'), format: 'der', type: 'pkcs8' });
      if (fingerprintOf(publicDer(key)) !== fingerprint) continue;
      if (account === this.nextAccount) {
        await this.keychain.set(this.account, stored);
        await this.keychain.delete(this.nextAccount);
      }
      return key;
    }
    throw new AppError(
      'keychain_unavailable',
      `This directory's audit signing key (${fingerprint}) is not in this computer's keychain ` +
        `(entry "${this.account}"). Exports cannot be signed without it: run Portcullis on the computer ` +
        'that holds the key, or restore that keychain entry.',
      { rule: 'signing_key_not_in_keychain', fingerprint },
    );
  }
}
