import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startServices, type TestApp } from '../../../../tests/support/services';
import { KeytarKeychain } from '../../adapters/keytar.keychain';
import type { ExportVerdict, SigningKeyRecord } from '../../../../shared/domain/audit';
import type { Actor } from '../context';
import { fingerprintOf, sha256Hex, signedText, type ExportHeader } from './export-format';
import { revocationStatement, rotationStatement } from './key-rotation';
import { verifyExportFile } from './verify';
import { trustVerdict, type TrustEntry } from './signer-trust';

const CLIENT = { ip: '127.0.0.1', userAgent: 'vitest' };
const OWNER: Actor = { id: 1, username: 'owner', role: 'owner', sessionId: null };
let app: TestApp;
let n = 0;
/** Event lines of a real export, re-chained into forged files. */
let events: string[] = [];

async function exportNow(): Promise<string> {
  const out = join(app.dir, `export-${++n}.jsonl`);
  await app.container.services.auditExport.run({
    filter: {},
    format: 'jsonl',
    out,
    actor: null,
    client: null,
    exportedBy: 'vitest',
  });
  return out;
}

const trustOf = (fp: string, organisation = 'Acme'): TrustEntry => ({
  fingerprint: fp,
  organisation,
  revoked: [],
});

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const der = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, publicKey: der.toString('base64'), fingerprint: fingerprintOf(der) };
}
type Pair = ReturnType<typeof keyPair>;
const signB64 = (key: KeyObject, text: string) => sign(null, Buffer.from(text), key).toString('base64');

function record(k: Pair, createdAt: string, prev: Pair | null, dir: string): SigningKeyRecord {
  return {
    fingerprint: k.fingerprint,
    publicKey: k.publicKey,
    createdAt,
    previous: prev?.fingerprint ?? null,
    endorsement: prev
      ? signB64(prev.privateKey, rotationStatement(dir, prev.fingerprint, k.fingerprint, createdAt))
      : null,
    revokedAt: null,
    revocation: null,
  };
}

/** Writes an export signed by `signer`: a format-1 header, or format 2 with `history`. */
function forge(
  name: string,
  signer: { privateKey: KeyObject; publicKey: string; fingerprint: string },
  o: { version?: 1 | 2; history?: SigningKeyRecord[]; directoryId?: string; exportedAt?: string } = {},
): string {
  const version = o.version ?? 2;
  const base = {
    format: 'portcullis-audit-export',
    version,
    exportedAt: o.exportedAt ?? '2026-03-02T09:00:00.000Z',
    exportedBy: 'mallory',
    filter: {},
    algorithm: 'Ed25519',
    publicKey: signer.publicKey,
    fingerprint: signer.fingerprint,
  };
  const header = JSON.stringify(
    version === 1
      ? base
      : {
          ...base,
          directoryId: o.directoryId ?? 'dir-x',
          organisation: 'Forged',
          keyHistory: o.history ?? [],
        },
  );
  let prev = sha256Hex(header);
  const lines = events.map((l) => {
    const body = `{"prev":"${prev}${l.slice(73, l.length - 75)}`;
    prev = sha256Hex(body);
    return `${body},"hash":"${prev}"}`;
  });
  const headerHash = sha256Hex(header);
  const signature = signB64(signer.privateKey, signedText(headerHash, prev, lines.length, version));
  const manifest = JSON.stringify({
    manifest: true,
    count: lines.length,
    headerHash,
    finalHash: prev,
    signature,
  });
  const path = join(app.dir, `${name}.jsonl`);
  writeFileSync(path, [header, ...lines, manifest, ''].join('\n'));
  return path;
}

function intact(v: ExportVerdict) {
  if (v.status !== 'intact') throw new Error(`expected intact, got ${JSON.stringify(v)}`);
  return v;
}

beforeAll(async () => {
  app = await startServices();
  await app.container.services.signingKeys.setOrganisation('Acme Ltd.', OWNER, CLIENT);
  const file = await exportNow();
  events = readFileSync(file, 'utf8').split('\n').slice(1, -2);
}, 30_000);

afterAll(async () => {
  await app.close();
  removeDir(app.dir);
});

describe('verify: who signed, and whether this machine trusts them', () => {
  it('a real format-2 export names its directory and organisation; nobody vouches for it yet', async () => {
    const signer = await app.container.services.signingKeys.current();
    const v = intact(await verifyExportFile(await exportNow()));
    expect(v.trust).toBe('unknown');
    expect(v.signer).toEqual({
      fingerprint: signer.fingerprint,
      organisation: 'Acme Ltd.',
      directoryId: signer.directoryId,
      via: null,
      trustedAncestor: null,
      trustedAs: null,
    });
    expect(v.scope).toMatchObject({ version: 2, exportedBy: 'vitest', filter: {}, events: v.events });
    const byKey = intact(
      await verifyExportFile(await exportNow(), { key: signer.fingerprint.toUpperCase() }),
    );
    expect([byKey.trust, byKey.signer.via]).toEqual(['trusted', 'key']);
    const byList = intact(
      await verifyExportFile(await exportNow(), { trust: [trustOf(signer.fingerprint)] }),
    );
    expect([byList.trust, byList.signer.via, byList.signer.trustedAs]).toEqual([
      'trusted',
      'trusted',
      'Acme',
    ]);
  });

  it('two directories on one keychain sign differently: trusting one does not vouch for the other', async () => {
    const demo = await startServices();
    try {
      const out = join(demo.dir, 'demo.jsonl');
      await demo.container.services.auditExport.run({
        filter: {},
        format: 'jsonl',
        out,
        actor: null,
        client: null,
        exportedBy: 'vitest',
      });
      const real = await app.container.services.signingKeys.current();
      const v = intact(await verifyExportFile(out, { trust: [trustOf(real.fingerprint)] }));
      expect(v.trust).toBe('unknown');
      expect(v.fingerprint).not.toBe(real.fingerprint);
      expect(v.signer.directoryId).toBe(await demo.container.repositories.meta.instanceId());
      expect(v.signer.directoryId).not.toBe(real.directoryId);
      expect((await verifyExportFile(out, { key: real.fingerprint })).status).toBe('refused');
    } finally {
      await demo.close();
      removeDir(demo.dir);
    }
  });

  it('a file re-signed with another key is intact but unknown; --key of the real signer refuses it', async () => {
    const real = await app.container.services.signingKeys.current();
    const mallory = keyPair();
    const file = forge('resigned', mallory, {
      history: [record(mallory, '2026-03-01T00:00:00.000Z', null, 'dir-x')],
    });
    const v = intact(await verifyExportFile(file, { trust: [trustOf(real.fingerprint)] }));
    expect([v.trust, v.fingerprint]).toEqual(['unknown', mallory.fingerprint]);
    const refused = await verifyExportFile(file, { key: real.fingerprint });
    expect(refused).toMatchObject({ status: 'refused', fingerprint: mallory.fingerprint });
    expect(intact(await verifyExportFile(file, { key: mallory.fingerprint })).trust).toBe('trusted');
  });

  it('a format-1 file still verifies (no directory or organisation) and can be trusted', async () => {
    const old = keyPair();
    const file = forge('v1', old, { version: 1 });
    const v = intact(await verifyExportFile(file));
    expect([v.trust, v.scope.version, v.signer.organisation, v.signer.directoryId]).toEqual([
      'unknown',
      1,
      null,
      null,
    ]);
    expect(intact(await verifyExportFile(file, { trust: [trustOf(old.fingerprint)] })).trust).toBe('trusted');
    // A format-1 signature does not pass as format 2 (the signed text names the version).
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[0] = (lines[0] ?? '').replace('"version":1', '"version":2');
    writeFileSync(file, lines.join('\n'));
    expect(await verifyExportFile(file)).toMatchObject({ status: 'altered', line: 1 });
  });

  it('after a rotation, trust in the old key (list or --key) accepts the new signer as its successor', async () => {
    const keys = app.container.services.signingKeys;
    const old = await keys.current();
    const rotated = await keys.rotate(OWNER, CLIENT);
    const file = await exportNow();
    const v = intact(await verifyExportFile(file, { trust: [trustOf(old.fingerprint, 'Acme (2025 key)')] }));
    expect(v.fingerprint).toBe(rotated.fingerprint);
    expect(v.signer).toMatchObject({
      via: 'successor',
      trustedAncestor: old.fingerprint,
      trustedAs: 'Acme (2025 key)',
    });
    const byKey = intact(await verifyExportFile(file, { key: old.fingerprint }));
    expect([byKey.trust, byKey.signer.via]).toEqual(['trusted', 'successor']);
    // Trusting the new key itself is direct trust.
    expect(intact(await verifyExportFile(file, { trust: [trustOf(rotated.fingerprint)] })).signer.via).toBe(
      'trusted',
    );
  });

  it('a forged key history (successor not endorsed by the previous key) is altered at line 1', async () => {
    const real = await app.container.services.signingKeys.current();
    const mallory = keyPair();
    const dir = real.directoryId;
    const forgedEntry = record(mallory, '2026-03-03T00:00:00.000Z', mallory, dir); // self-endorsed
    forgedEntry.previous = real.fingerprint;
    const file = forge('forged-history', mallory, {
      directoryId: dir,
      history: [...real.history, forgedEntry],
    });
    const v = await verifyExportFile(file, { trust: [trustOf(real.history[0]?.fingerprint ?? '')] });
    expect(v).toMatchObject({ status: 'altered', line: 1 });
    expect(v.status === 'altered' ? v.reason : '').toMatch(/not endorsed by the key before it/);
  });

  it('a revoked key used after its revocation is refused; files it signed before stay trusted', async () => {
    const keys = app.container.services.signingKeys;
    const keychain = new KeytarKeychain('Portcullis-test');
    const stolen = await keys.current();
    const secret = (await keychain.get(`audit-signing-key:${stolen.directoryId}`)) ?? '';
    const { createPrivateKey } = await import('node:crypto');
    const privateKey = createPrivateKey({ key: Buffer.from(secret, 'base64'), format: 'der', type: 'pkcs8' });
    const before = await exportNow();
    app.clock.advance(60_000);
    await keys.revoke(stolen.fingerprint, OWNER, CLIENT); // the current key: rotates first
    const file = await keys.publicKeyFile();
    const revokedAt = file.history.find((k) => k.fingerprint === stolen.fingerprint)?.revokedAt ?? '';
    const auditor: TrustEntry = {
      fingerprint: file.history[0]?.fingerprint ?? '',
      organisation: 'Acme',
      revoked: [{ fingerprint: stolen.fingerprint, at: revokedAt }],
    };
    // The thief signs with the stolen key after the revocation, leaving the revocation out of the history.
    const later = new Date(Date.parse(revokedAt) + 3_600_000).toISOString();
    const theft = forge(
      'stolen',
      { ...stolen, privateKey },
      { directoryId: stolen.directoryId, history: stolen.history, exportedAt: later },
    );
    const v = await verifyExportFile(theft, { trust: [auditor] });
    expect(v).toMatchObject({ status: 'refused', fingerprint: stolen.fingerprint });
    expect(v.status === 'refused' ? v.reason : '').toMatch(/revoked/);
    expect((await verifyExportFile(theft, { key: stolen.fingerprint, trust: [auditor] })).status).toBe(
      'refused',
    );
    // Signed before the revocation: still trusted through the first key.
    expect(intact(await verifyExportFile(before, { trust: [auditor] })).trust).toBe('trusted');
    // The directory's next export (new key, history carrying the revocation) is trusted as a successor.
    const next = intact(await verifyExportFile(await exportNow(), { trust: [auditor] }));
    expect([next.trust, next.signer.via]).toEqual(['trusted', 'successor']);
  });

  it('a successor endorsed after its endorser was revoked is refused', async () => {
    const dir = 'dir-y';
    const k1 = keyPair();
    const k2 = keyPair();
    const r1 = record(k1, '2026-01-01T00:00:00.000Z', null, dir);
    const r2 = record(k2, '2026-02-01T00:00:00.000Z', k1, dir);
    const revokedAt = '2026-01-15T00:00:00.000Z';
    r1.revokedAt = revokedAt;
    r1.revocation = signB64(k2.privateKey, revocationStatement(dir, k1.fingerprint, revokedAt));
    const file = forge('late-endorsement', k2, { directoryId: dir, history: [r1, r2] });
    const v = await verifyExportFile(file, { trust: [trustOf(k1.fingerprint)] });
    expect(v).toMatchObject({ status: 'refused' });
    expect(intact(await verifyExportFile(file)).trust).toBe('unknown');
  });

  it('trustVerdict re-decides trust from a verified header without reading the file again', async () => {
    const keys = app.container.services.signingKeys;
    const seen: ExportHeader[] = [];
    const v = intact(
      await verifyExportFile(await exportNow(), {
        onHeader: (h) => {
          seen.push(h);
        },
      }),
    );
    const header = seen[0];
    if (!header) throw new Error('no header');
    expect(v.trust).toBe('unknown');
    const first = (await keys.history())[0]?.fingerprint ?? '';
    expect(trustVerdict(header, [])).toMatchObject({ trust: 'unknown', signer: { via: null } });
    expect(trustVerdict(header, [trustOf(first)])).toMatchObject({
      trust: 'trusted',
      signer: { via: 'successor' },
    });
    expect(trustVerdict(header, [], { key: 'ab'.repeat(32) })).toMatchObject({ status: 'refused' });
  });

  it('an aborted signal stops verification', async () => {
    const file = await exportNow();
    const ac = new AbortController();
    ac.abort(new Error('stop'));
    await expect(verifyExportFile(file, { signal: ac.signal })).rejects.toThrow('stop');
    const mid = new AbortController();
    await expect(
      verifyExportFile(file, {
        signal: mid.signal,
        onEvent: () => {
          mid.abort(new Error('cancelled'));
        },
      }),
    ).rejects.toThrow('cancelled');
  });
});
