import { randomBytes } from 'node:crypto';
import type { Keychain } from '../adapters/keychain.port';

/** Account name of a database's data key: one key per database instance. */
export function dataKeyAccount(instanceId: string): string {
  return `data-key:${instanceId}`;
}

/** Reads the database's 256-bit data key from the keychain, creating it on first run. */
export async function loadOrCreateDataKey(keychain: Keychain, instanceId: string): Promise<Buffer> {
  const account = dataKeyAccount(instanceId);
  const existing = await keychain.get(account);
  if (existing) {
    const key = Buffer.from(existing, 'base64');
    if (key.length === 32) return key;
    throw new Error(`The data key in the keychain (${account}) is damaged: expected 32 bytes.`);
  }
  const key = randomBytes(32);
  await keychain.set(account, key.toString('base64'));
  return key;
}
