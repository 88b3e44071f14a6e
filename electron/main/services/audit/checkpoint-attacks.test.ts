import { generateKeyPairSync, sign } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../tests/support/services';
import { databaseArg } from '../../../../tests/support/engine';
import { dbVerdictExitCode, verifyDatabase } from './verify-db';
import { checkpointText } from './checkpoints';
import { fingerprintOf } from './export-format';
import {
  attacker,
  copyOf,
  forgetKeychain,
  keychain,
  openApp,
  rewriteAndRechain,
  writeEvents,
} from '../../../../tests/support/checkpoint-fixtures';

// Issue 18 item 4: whoever can write the database file drops the triggers and tampers; each
// attack must be caught by `audit verify --db` (verifyDatabase), naming the event where it can.
const dir = tempDir('portcullis-cp-attacks-');
const intact = join(dir, 'intact.db');
let fingerprint = '';

beforeAll(async () => {
  const { container, clock } = await openApp(intact, 10);
  await writeEvents(container, clock, 35);
  fingerprint = (await container.services.signingKeys.current()).fingerprint;
  await container.close(); // shutdown checkpoint at event 35, copied to the keychain
}, 60_000);

afterAll(async () => {
  await forgetKeychain(intact);
  removeDir(dir);
});

describe('signed checkpoints catch tampering at rest', () => {
  it('an untouched database verifies: trusted through the keychain, checkpoints every 10 and at shutdown', async () => {
    const v = await verifyDatabase(databaseArg(intact), { keychain });
    expect(v).toMatchObject({
      status: 'intact',
      trust: 'trusted',
      events: 35,
      checkpoints: 4,
      uncheckpointed: 0,
      headChecked: true,
      signer: { fingerprint, via: 'keychain' },
    });
    expect(dbVerdictExitCode(v)).toBe(0);
    // Without a keychain and trust list: intact but nobody vouches for the signer (exit 4).
    const alone = await verifyDatabase(databaseArg(intact));
    expect(alone).toMatchObject({ status: 'intact', trust: 'unknown', headChecked: false });
    expect(dbVerdictExitCode(alone)).toBe(4);
    expect(await verifyDatabase(databaseArg(intact), { trust: [{ fingerprint }] })).toMatchObject({
      trust: 'trusted',
    });
    expect(await verifyDatabase(databaseArg(intact), { key: fingerprint })).toMatchObject({
      signer: { via: 'key' },
    });
    expect(await verifyDatabase(databaseArg(intact), { key: 'ab'.repeat(32) })).toMatchObject({
      status: 'refused',
    });
  });

  it('(a) cutting the newest events back past the last checkpoint is caught without a keychain', async () => {
    const path = await copyOf(dir, intact, 'cut-newest');
    const raw = attacker(path);
    raw.exec('DELETE FROM audit_events WHERE id > 28');
    raw.close();
    const v = await verifyDatabase(databaseArg(path));
    expect(v).toMatchObject({ status: 'altered', eventId: 29 });
    expect(v.status === 'altered' && v.reason).toMatch(/from 29 on were removed.*covers event 30/);
    expect(dbVerdictExitCode(v)).toBe(1);
  });

  it('(b) cutting the oldest events and moving the anchor without a signed retention record is caught', async () => {
    const path = await copyOf(dir, intact, 'cut-oldest');
    const raw = attacker(path);
    const { hash } = raw.prepare('SELECT hash FROM audit_events WHERE id = 12').get() as { hash: string };
    raw.exec('DELETE FROM audit_events WHERE id <= 12');
    raw
      .prepare(
        "INSERT INTO audit_anchor (id, first_id, prev_hash, applied_at) VALUES (1, 13, ?, '2026-03-02T09:00:00Z')",
      )
      .run(hash);
    raw.close();
    const v = await verifyDatabase(databaseArg(path));
    expect(v).toMatchObject({ status: 'altered', eventId: 13 });
    expect(v.status === 'altered' && v.reason).toMatch(/no signed retention record covers that start/);

    const plain = await copyOf(dir, intact, 'cut-oldest-no-anchor');
    const raw2 = attacker(plain);
    raw2.exec('DELETE FROM audit_events WHERE id <= 12');
    raw2.close();
    expect(await verifyDatabase(databaseArg(plain))).toMatchObject({ status: 'altered', eventId: 13 });
  });

  it('(c) rewriting every row and recomputing every hash is caught at the first checkpoint', async () => {
    const path = await copyOf(dir, intact, 'rewrite');
    const raw = attacker(path);
    rewriteAndRechain(raw, (r) => ({ ...r, message: `${r.message} (nothing to see)` }));
    raw.close();
    const v = await verifyDatabase(databaseArg(path));
    expect(v).toMatchObject({ status: 'altered', eventId: 10 });
    expect(v.status === 'altered' && v.reason).toMatch(/checkpoint .* does not match it .* rewritten/);
  });

  it('(c) a rewrite that also forges the key history and re-signs every checkpoint is never trusted', async () => {
    const path = await copyOf(dir, intact, 'rewrite-resign');
    const raw = attacker(path);
    rewriteAndRechain(raw, (r) => ({ ...r, message: 'rewritten' }));
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ format: 'der', type: 'spki' });
    const fp = fingerprintOf(der);
    const directoryId = (
      raw.prepare("SELECT value FROM meta WHERE key = 'instance_id'").get() as { value: string }
    ).value;
    raw.exec('DELETE FROM audit_signing_keys; DELETE FROM audit_checkpoints');
    raw
      .prepare(
        'INSERT INTO audit_signing_keys (fingerprint, seq, public_key, created_at) VALUES (?, 1, ?, ?)',
      )
      .run(fp, der.toString('base64'), '2026-01-01T00:00:00.000Z');
    const head = raw.prepare('SELECT id, hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as {
      id: number;
      hash: string;
    };
    const at = '2026-03-02T09:00:00.000Z';
    const text = checkpointText(directoryId, head.id, head.hash, 35, at);
    raw
      .prepare(
        "INSERT INTO audit_checkpoints (last_event_id, head_hash, count, at, reason, fingerprint, signature) VALUES (?, ?, 35, ?, 'shutdown', ?, ?)",
      )
      .run(head.id, head.hash, at, fp, sign(null, Buffer.from(text), privateKey).toString('base64'));
    raw.close();
    // No keychain, not on the trust list: intact chain, unknown signer — exit 4, never 0.
    const alone = await verifyDatabase(databaseArg(path), { trust: [{ fingerprint }] });
    expect(alone).toMatchObject({
      status: 'intact',
      trust: 'unknown',
      signer: { fingerprint: fp, via: null },
    });
    expect(dbVerdictExitCode(alone)).toBe(4);
    // On the directory's own computer the keychain's key is missing from the history: altered.
    const v = await verifyDatabase(databaseArg(path), { keychain });
    expect(v).toMatchObject({ status: 'altered' });
    expect(v.status === 'altered' && v.reason).toMatch(
      /key history does not contain this directory's signing key/,
    );
  });

  it('(d) cutting the newest events together with their checkpoints is caught through the keychain head', async () => {
    const path = await copyOf(dir, intact, 'rollback');
    const raw = attacker(path);
    raw.exec(
      'DELETE FROM audit_events WHERE id > 25; DELETE FROM audit_checkpoints WHERE last_event_id > 25',
    );
    raw.close();
    // The file alone cannot tell: five events past its last checkpoint, nothing more.
    expect(await verifyDatabase(databaseArg(path))).toMatchObject({
      status: 'intact',
      events: 25,
      uncheckpointed: 5,
    });
    const v = await verifyDatabase(databaseArg(path), { keychain });
    expect(v).toMatchObject({ status: 'altered', eventId: 26 });
    expect(v.status === 'altered' && v.reason).toMatch(/rolled back: .*checkpoint at event 35/);
  });

  it('(e) editing one event without re-hashing names that event', async () => {
    const path = await copyOf(dir, intact, 'edit-one');
    const raw = attacker(path);
    raw.exec("UPDATE audit_events SET message = 'nothing happened' WHERE id = 17");
    raw.close();
    const v = await verifyDatabase(databaseArg(path), { keychain });
    expect(v).toMatchObject({ status: 'altered', eventId: 17 });
    expect(v.status === 'altered' && v.reason).toMatch(/does not match its hash/);
  });

  it('a forged or edited checkpoint, and dropped checkpoint tables, are caught', async () => {
    const forged = await copyOf(dir, intact, 'forged-cp');
    const raw = attacker(forged);
    raw.exec("UPDATE audit_checkpoints SET at = '2026-01-01T00:00:00.000Z' WHERE id = 2");
    raw.close();
    const f = await verifyDatabase(databaseArg(forged));
    expect(f.status === 'altered' && f.reason).toMatch(/signature of the checkpoint .* does not verify/);
    const dropped = await copyOf(dir, intact, 'dropped');
    const raw2 = attacker(dropped);
    raw2.exec('DROP TABLE audit_checkpoints');
    raw2.close();
    const v = await verifyDatabase(databaseArg(dropped));
    expect(v.status === 'altered' && v.reason).toMatch(/checkpoint tables were removed/);
    // Also hiding that 009 ever ran leaves a file that looks older than checkpoints: never trusted
    // (exit 4) on its own, and altered against the keychain's record of the latest checkpoint.
    const older = await copyOf(dir, intact, 'looks-older');
    const raw3 = attacker(older);
    raw3.exec(
      "DROP TABLE audit_checkpoints; DROP TABLE audit_retention_records; DELETE FROM kysely_migration WHERE name = '009-audit-checkpoints'",
    );
    raw3.close();
    expect(await verifyDatabase(databaseArg(older))).toMatchObject({
      status: 'intact',
      trust: 'unknown',
      checkpoints: 0,
    });
    expect(await verifyDatabase(databaseArg(older), { keychain })).toMatchObject({ status: 'altered' });
  });
});
