import { readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../tests/support/services';
import { KeyFileError, KeyFileKeychain } from './key-file.keychain';

describe('KeyFileKeychain (the team server keys without an OS keychain)', () => {
  let dir = '';
  afterEach(() => {
    removeDir(dir);
  });

  it('keeps every one of 30 secrets set at once, in a file only its owner can read, and deletes one', async () => {
    dir = tempDir('portcullis-keyfile-');
    const file = join(dir, 'keys.json');
    const keychain = new KeyFileKeychain(file);
    expect(await keychain.get('missing')).toBeNull();
    await Promise.all(Array.from({ length: 30 }, (_, i) => keychain.set(`account-${i}`, `secret-${i}`)));
    const stored = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    expect(Object.keys(stored)).toHaveLength(30);
    expect(await new KeyFileKeychain(file).get('account-17')).toBe('secret-17');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await keychain.delete('account-3')).toBe(true);
    expect(await keychain.delete('account-3')).toBe(false);
    expect(await keychain.get('account-3')).toBeNull();
    expect(await keychain.get('__proto__')).toBeNull();
  });

  it('refuses a folder, a symlink to a readable file, and a file of the wrong shape', async () => {
    dir = tempDir('portcullis-keyfile-');
    await expect(new KeyFileKeychain(dir).check()).rejects.toThrow(KeyFileError);
    const open = join(dir, 'open.json');
    writeFileSync(open, '{}', { mode: 0o644 });
    const link = join(dir, 'link.json');
    symlinkSync(open, link);
    await expect(new KeyFileKeychain(link).check()).rejects.toThrow(/can be read by other accounts/);
    const list = join(dir, 'list.json');
    writeFileSync(list, '["a"]', { mode: 0o600 });
    await expect(new KeyFileKeychain(list).check()).rejects.toThrow(/one JSON object/);
  });
});
