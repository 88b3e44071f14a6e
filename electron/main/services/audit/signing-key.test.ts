import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKeyPairSync, sign } from 'node:crypto';
import { removeDir, startServices, auditCodes, type TestApp } from '../../../../tests/support/services';
import { KeytarKeychain } from '../../adapters/keytar.keychain';
import type { Actor } from '../context';
import type { SigningKeyRecord } from '../../../../shared/domain/audit';
import { keyHistoryValid, publicKeyFileSchema, rotationStatement, verifyWithKey } from './key-rotation';
import { fingerprintOf } from './export-format';
import { SigningKeys } from './signing-key';

const CLIENT = { ip: '127.0.0.1', userAgent: 'vitest' };
const OWNER: Actor = { id: 1, username: 'owner', role: 'owner', sessionId: null };
let a: TestApp;
let b: TestApp;
const keychain = new KeytarKeychain('Portcullis-test');

beforeAll(async () => {
  a = await startServices();
  b = await startServices();
}, 30_000);

afterAll(async () => {
  await a.close();
  await b.close();
  removeDir(a.dir);
  removeDir(b.dir);
});

describe('SigningKeys (per-directory export-signing key)', () => {
  it('creates the first key on first use, in the keychain under the directory id, and keeps it', async () => {
    const keys = a.container.services.signingKeys;
    expect(await keys.currentIfAny()).toBeNull();
    expect(await keys.describe()).toBeNull();
    const first = await keys.current();
    expect(first.directoryId).toBe(await a.container.repositories.meta.instanceId());
    expect(await keychain.get(`audit-signing-key:${first.directoryId}`)).toBeTruthy();
    expect(await keychain.get(`audit-signing-key:${first.directoryId}:next`)).toBeNull();
    expect((await keys.current()).fingerprint).toBe(first.fingerprint);
    expect(first.history).toHaveLength(1);
    expect(verifyWithKey(first.publicKey, 'hello', first.sign('hello'))).toBe(true);
  });

  it('two directories on one keychain have different keys and directory ids', async () => {
    const ka = await a.container.services.signingKeys.current();
    const kb = await b.container.services.signingKeys.current();
    expect(kb.directoryId).not.toBe(ka.directoryId);
    expect(kb.fingerprint).not.toBe(ka.fingerprint);
  });

  it('parallel first uses create one key', async () => {
    const c = await startServices();
    try {
      const all = await Promise.all([1, 2, 3].map(() => c.container.services.signingKeys.current()));
      expect(new Set(all.map((s) => s.fingerprint)).size).toBe(1);
      expect(await c.container.services.signingKeys.history()).toHaveLength(1);
    } finally {
      await c.close();
      removeDir(c.dir);
    }
  });

  it('rotation: the new key is endorsed by the old one, recorded in the audit log, and the history verifies', async () => {
    const keys = a.container.services.signingKeys;
    const old = await keys.current();
    const rec = await keys.rotate(OWNER, CLIENT);
    expect(rec.previous).toBe(old.fingerprint);
    const text = rotationStatement(old.directoryId, old.fingerprint, rec.fingerprint, rec.createdAt);
    expect(verifyWithKey(old.publicKey, text, rec.endorsement ?? '')).toBe(true);
    const now = await keys.current();
    expect(now.fingerprint).toBe(rec.fingerprint);
    expect(now.history.map((k) => k.fingerprint)).toEqual([old.fingerprint, rec.fingerprint]);
    expect(keyHistoryValid(now.history, now.directoryId)).toEqual({ ok: true });
    expect(auditCodes(a).at(-1)).toBe('audit:signing_key_rotated');
    // Another directory's id does not validate this history (statements name the directory).
    expect(keyHistoryValid(now.history, 'other-directory').ok).toBe(false);
  });

  it('revoking an old key is signed by the current key; revoking the current key rotates first', async () => {
    const keys = a.container.services.signingKeys;
    const [first, second] = await keys.history();
    const revoked = await keys.revoke(first?.fingerprint ?? '', OWNER, CLIENT);
    expect(revoked.revokedAt).not.toBeNull();
    expect(auditCodes(a).at(-1)).toBe('audit:signing_key_revoked');
    await expect(keys.revoke(first?.fingerprint ?? '', OWNER, CLIENT)).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(keys.revoke('ab'.repeat(32), OWNER, CLIENT)).rejects.toMatchObject({ code: 'not_found' });
    await keys.revoke(second?.fingerprint ?? '', OWNER, CLIENT);
    const history = await keys.history();
    expect(history).toHaveLength(3);
    expect(history.map((k) => k.revokedAt !== null)).toEqual([true, true, false]);
    expect((await keys.current()).fingerprint).toBe(history[2]?.fingerprint);
    expect(keyHistoryValid(history, await a.container.repositories.meta.instanceId())).toEqual({ ok: true });
    expect(auditCodes(a).slice(-2)).toEqual(['audit:signing_key_rotated', 'audit:signing_key_revoked']);
  });

  it('the history table is append-only: no delete, no edit, revocation set once', () => {
    const raw = a.container.database.sqlite;
    expect(() => raw.exec('DELETE FROM audit_signing_keys')).toThrow(/append-only/);
    expect(() => raw.exec("UPDATE audit_signing_keys SET public_key = 'x'")).toThrow(/revoked, once/);
    expect(() =>
      raw.exec(
        "UPDATE audit_signing_keys SET revoked_at = 'x', revocation = 'y' WHERE revoked_at IS NOT NULL",
      ),
    ).toThrow(/revoked, once/);
  });

  it('a forged history (endorsement not by the previous key) or a forged revocation does not validate', async () => {
    const keys = a.container.services.signingKeys;
    const history = await keys.history();
    const dir = await a.container.repositories.meta.instanceId();
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ format: 'der', type: 'spki' });
    const fp = fingerprintOf(der);
    const last = history.at(-1);
    const head = history[0];
    if (!last || !head) throw new Error('the history is empty');
    const createdAt = '2026-03-02T10:00:00.000Z';
    // Self-endorsed successor: signed by the new key, not by the previous one.
    const forged: SigningKeyRecord = {
      fingerprint: fp,
      publicKey: der.toString('base64'),
      createdAt,
      previous: last.fingerprint,
      endorsement: sign(
        null,
        Buffer.from(rotationStatement(dir, last.fingerprint, fp, createdAt)),
        privateKey,
      ).toString('base64'),
      revokedAt: null,
      revocation: null,
    };
    const result = keyHistoryValid([...history, forged], dir);
    expect(result.ok ? '' : result.reason).toMatch(/not endorsed/);
    // A revocation removed or changed no longer verifies.
    const unrevoked = history.map((k, i) => (i === 0 ? { ...k, revokedAt: '2030-01-01T00:00:00.000Z' } : k));
    expect(keyHistoryValid(unrevoked, dir).ok).toBe(false);
    // A key cut out of the middle breaks the chain.
    expect(keyHistoryValid([head, last], dir).ok).toBe(false);
    // A wrong fingerprint for a key.
    expect(keyHistoryValid([{ ...last, fingerprint: 'ab'.repeat(32) }], dir).ok).toBe(false);
  });

  it('two processes rotating at once: one rotation wins, the other is refused, the history stays one chain', async () => {
    const c = b.container;
    const keys = c.services.signingKeys;
    // A second SigningKeys on the same file and keychain stands for another process (its own lock).
    const other = new SigningKeys(
      c.database.db,
      c.repositories.signingKeys,
      keychain,
      c.services.audit,
      b.clock,
      keys.directoryId,
    );
    await keys.current();
    const before = (await keys.history()).length;
    const results = await Promise.allSettled([keys.rotate(OWNER, CLIENT), other.rotate(OWNER, CLIENT)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const history = await keys.history();
    expect(history).toHaveLength(before + 1);
    expect(keyHistoryValid(history, keys.directoryId)).toEqual({ ok: true });
    expect((await other.current()).fingerprint).toBe(history.at(-1)?.fingerprint);
  });

  it('a pending key left by a crash between keychain and database is promoted', async () => {
    const keys = b.container.services.signingKeys;
    const dir = keys.directoryId;
    const before = await keychain.get(`audit-signing-key:${dir}`);
    await keys.rotate(OWNER, CLIENT);
    const after = await keychain.get(`audit-signing-key:${dir}`);
    // As if the process died after the database commit, before the keychain's current entry changed.
    await keychain.set(`audit-signing-key:${dir}:next`, after ?? '');
    await keychain.set(`audit-signing-key:${dir}`, before ?? '');
    const signer = await keys.current();
    expect(signer.fingerprint).toBe((await keys.history()).at(-1)?.fingerprint);
    expect(await keychain.get(`audit-signing-key:${dir}`)).toBe(after);
    expect(await keychain.get(`audit-signing-key:${dir}:next`)).toBeNull();
  });

  it('a directory whose key is missing from the keychain says so instead of signing with another key', async () => {
    const keys = b.container.services.signingKeys;
    const dir = keys.directoryId;
    const saved = await keychain.get(`audit-signing-key:${dir}`);
    await keychain.delete(`audit-signing-key:${dir}`);
    try {
      await expect(keys.current()).rejects.toThrow(/not in this computer's keychain/);
    } finally {
      await keychain.set(`audit-signing-key:${dir}`, saved ?? '');
    }
  });

  it('organisation name: stored, audited once, unchanged writes nothing; the public key file validates', async () => {
    const keys = b.container.services.signingKeys;
    expect(await keys.organisation()).toBe('');
    const n = auditCodes(b).length;
    expect(await keys.setOrganisation('  Acme Ltd. ', OWNER, CLIENT)).toBe('Acme Ltd.');
    expect(await keys.setOrganisation('Acme Ltd.', OWNER, CLIENT)).toBe('Acme Ltd.');
    expect(auditCodes(b).slice(n)).toEqual(['settings:changed']);
    await expect(keys.setOrganisation('two\nlines', OWNER, CLIENT)).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const file = await keys.publicKeyFile();
    expect(publicKeyFileSchema.parse(file)).toEqual(file);
    expect(file.organisation).toBe('Acme Ltd.');
    expect(file.fingerprint).toBe(file.history.at(-1)?.fingerprint);
    expect(keyHistoryValid(file.history, file.directoryId)).toEqual({ ok: true });
    expect((await keys.current()).organisation).toBe('Acme Ltd.');
  });
});
