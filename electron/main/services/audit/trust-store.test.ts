import { existsSync, linkSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync, sign } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../tests/support/services';
import type { SigningKeyRecord } from '../../../../shared/domain/audit';
import { userDataDir } from '../../app-paths';
import { fingerprintOf } from './export-format';
import { rotationStatement, type PublicKeyFile } from './key-rotation';
import { TrustStore, trustStorePath } from './trust-store';

const root = tempDir('portcullis-trust-');
afterAll(() => {
  removeDir(root);
});

function keyFile(dir = 'dir-1', organisation = 'Acme Ltd.'): PublicKeyFile {
  const k1 = generateKeyPairSync('ed25519');
  const k2 = generateKeyPairSync('ed25519');
  const pub = (k: typeof k1) => k.publicKey.export({ format: 'der', type: 'spki' });
  const fp1 = fingerprintOf(pub(k1));
  const fp2 = fingerprintOf(pub(k2));
  const createdAt = '2026-02-01T00:00:00.000Z';
  const history: SigningKeyRecord[] = [
    {
      fingerprint: fp1,
      publicKey: pub(k1).toString('base64'),
      createdAt: '2026-01-01T00:00:00.000Z',
      previous: null,
      endorsement: null,
      revokedAt: null,
      revocation: null,
    },
    {
      fingerprint: fp2,
      publicKey: pub(k2).toString('base64'),
      createdAt,
      previous: fp1,
      endorsement: sign(
        null,
        Buffer.from(rotationStatement(dir, fp1, fp2, createdAt)),
        k1.privateKey,
      ).toString('base64'),
      revokedAt: null,
      revocation: null,
    },
  ];
  return {
    format: 'portcullis-signer',
    version: 1,
    organisation,
    directoryId: dir,
    fingerprint: fp2,
    publicKey: pub(k2).toString('base64'),
    history,
  };
}

describe('TrustStore (trusted signers of this OS user)', () => {
  it('lives in the user-data folder; PORTCULLIS_USER_DATA overrides it; Linux default is ~/.config/Portcullis', () => {
    expect(trustStorePath(userDataDir({ PORTCULLIS_USER_DATA: '/x/y' }))).toBe('/x/y/trusted-signers.json');
    expect(userDataDir({ HOME: '/home/a', XDG_CONFIG_HOME: '/home/a/.config' }, 'linux')).toBe(
      '/home/a/.config/Portcullis',
    );
    expect(userDataDir({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toContain('Portcullis');
  });

  it('adds, lists, finds and removes; the file is 0600 in a 0700 folder; reading creates nothing', () => {
    const dir = join(root, 'a', 'Portcullis');
    const store = new TrustStore(trustStorePath(dir));
    expect(store.list()).toEqual([]);
    expect(existsSync(dir)).toBe(false);
    const fp = 'AB12'.repeat(16);
    const added = store.add({ fingerprint: fp.match(/.{4}/g)?.join(' ') ?? '', organisation: '  Acme  ' });
    expect(added).toMatchObject({ fingerprint: fp.toLowerCase(), organisation: 'Acme', publicKey: null });
    expect(store.find(fp)?.organisation).toBe('Acme');
    expect(statSync(store.file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(store.remove(fp)).toBe(true);
    expect(store.remove(fp)).toBe(false);
    expect(store.list()).toEqual([]);
  });

  it('writes atomically: a new file replaces the old one (the old inode is untouched), no temporary file is left', () => {
    const store = new TrustStore(trustStorePath(join(root, 'b')));
    store.add({ fingerprint: '1'.repeat(64), organisation: 'One' });
    const old = join(root, 'b', 'old-link.json');
    linkSync(store.file, old);
    const before = readFileSync(old, 'utf8');
    store.add({ fingerprint: '2'.repeat(64), organisation: 'Two' });
    expect(readFileSync(old, 'utf8')).toBe(before);
    expect(store.list().map((s) => s.organisation)).toEqual(['One', 'Two']);
    expect(readdirSync(join(root, 'b')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses bad input and writes nothing', () => {
    const store = new TrustStore(trustStorePath(join(root, 'c')));
    expect(() => store.add({ fingerprint: 'abc', organisation: 'Acme' })).toThrow(/64 hexadecimal/);
    expect(() => store.add({ fingerprint: 'a'.repeat(64), organisation: ' ' })).toThrow(/organisation/);
    expect(() => store.add({ fingerprint: 'a'.repeat(64), organisation: 'a\u001b[31m' })).toThrow(/one line/);
    const f = keyFile();
    expect(() =>
      store.add({ fingerprint: 'a'.repeat(64), organisation: 'x', publicKey: f.publicKey }),
    ).toThrow(/does not match/);
    expect(existsSync(store.file)).toBe(false);
  });

  it('imports a public key file: validates fingerprint, key and history; keeps revocations', () => {
    const store = new TrustStore(trustStorePath(join(root, 'd')));
    const good = keyFile();
    const entry = store.addFromKeyFile(JSON.stringify(good));
    expect(entry).toMatchObject({
      fingerprint: good.fingerprint,
      organisation: 'Acme Ltd.',
      directoryId: 'dir-1',
    });
    // The fingerprint does not belong to the key.
    const other = keyFile();
    expect(() => store.addFromKeyFile(JSON.stringify({ ...good, fingerprint: other.fingerprint }))).toThrow(
      /does not match its public key/,
    );
    // The key is not the history's last key.
    expect(() =>
      store.addFromKeyFile(
        JSON.stringify({ ...good, fingerprint: other.fingerprint, publicKey: other.publicKey }),
      ),
    ).toThrow(/last key of its history/);
    // A history whose endorsement belongs to another directory.
    expect(() => store.addFromKeyFile(JSON.stringify({ ...good, directoryId: 'dir-2' }))).toThrow(
      /not endorsed/,
    );
    expect(() => store.addFromKeyFile('not json')).toThrow(/not JSON/);
    expect(() => store.addFromKeyFile(JSON.stringify({ ...good, extra: 1 }))).toThrow(
      /not a Portcullis public/,
    );
    expect(store.list()).toHaveLength(1);
  });

  it('a damaged file is reported with what to do, never silently emptied', () => {
    const dir = join(root, 'e');
    const store = new TrustStore(trustStorePath(dir));
    store.add({ fingerprint: 'c'.repeat(64), organisation: 'C' });
    writeFileSync(
      store.file,
      '{"format":"portcullis-trusted-signers","version":1,"signers":[{"fingerprint":1}]}',
    );
    expect(() => store.list()).toThrow(/damaged.*Move it aside/);
    expect(() => store.add({ fingerprint: 'd'.repeat(64), organisation: 'D' })).toThrow(/damaged/);
  });
});
