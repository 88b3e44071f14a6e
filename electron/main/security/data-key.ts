import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Keychain } from '../adapters/keychain.port';

/** Account name of a database's data key: one key per database instance. */
export function dataKeyAccount(instanceId: string): string {
  return `data-key:${instanceId}`;
}

/** meta key of the value that ties a database to its data key (an HMAC of a constant; reveals nothing). */
const CHECK_KEY = 'data_key_check';

function checkValue(key: Buffer): string {
  return createHmac('sha256', key).update('portcullis data key check v1').digest('base64');
}

/**
 * The keychain does not hold the key this database was encrypted with (a new OS profile, another
 * machine, a deleted entry). Starting with a fresh key would make every sealed field unreadable
 * and mix two keys in one file, so the app and CLI stop with this message instead.
 */
export class DataKeyMismatchError extends Error {
  constructor(account: string, reason: 'missing' | 'different') {
    super(
      reason === 'missing'
        ? `This database's encryption key is not in the OS keychain (entry "${account}"), so its sealed ` +
            'fields (2FA keys, pending codes, service credentials) cannot be read. Open it as the OS user ' +
            'and on the machine that created it, or restore that keychain entry from a keychain backup.'
        : `The OS keychain entry "${account}" holds a different key than the one this database was ` +
            'encrypted with. Restore the original keychain entry; do not delete it, or the sealed fields are lost.',
    );
    this.name = 'DataKeyMismatchError';
  }
}

/** Where a database keeps facts about itself (its instance id and the key's check value). */
export interface DataKeyMeta {
  instanceId(): Promise<string>;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
}

/**
 * Reads the database's 256-bit data key from the keychain, creating it on first run. A database
 * records a check value of its key, so a key that went missing or was replaced is refused rather
 * than silently replaced by a new one.
 */
export async function loadOrCreateDataKey(keychain: Keychain, meta: DataKeyMeta): Promise<Buffer> {
  const account = dataKeyAccount(await meta.instanceId());
  const recorded = await meta.get(CHECK_KEY);
  const existing = await keychain.get(account);
  if (existing) {
    const key = Buffer.from(existing, 'base64');
    if (key.length !== 32)
      throw new Error(`The data key in the keychain (${account}) is damaged: expected 32 bytes.`);
    const check = Buffer.from(checkValue(key));
    if (recorded === null) await meta.set(CHECK_KEY, check.toString());
    else if (check.length !== recorded.length || !timingSafeEqual(check, Buffer.from(recorded)))
      throw new DataKeyMismatchError(account, 'different');
    return key;
  }
  if (recorded !== null) throw new DataKeyMismatchError(account, 'missing');
  const key = randomBytes(32);
  await keychain.set(account, key.toString('base64'));
  await meta.set(CHECK_KEY, checkValue(key));
  return key;
}
