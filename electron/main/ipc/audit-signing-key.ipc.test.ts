import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { auditCodes, snapshotDb } from '../../../tests/support/services';
import { servicesPerTest } from '../../../tests/support/per-test';
import { seedUsers, signInWindow } from '../../../tests/support/admin-fixtures';
import type { SigningKeyView } from '../../../shared/ipc/contracts/audit.contract';
import type { Result } from '../../../shared/result';
import { TrustStore } from '../services/audit/trust-store';
import { verifyExportFile } from '../services/audit/verify';

/**
 * The owner's side of the directory signing key (issue 18 items 1 and 3), through the real IPC
 * pipeline on a real database and keychain: who may act, the confirmations, and what an auditor
 * then sees.
 */
const app = servicesPerTest();
const saves: (string | null)[] = [];
type Win = Awaited<ReturnType<typeof signInWindow>>;
let owner: Win;

beforeEach(async () => {
  saves.length = 0;
  app.container.services.fileDialog.use({
    chooseSavePath: () => Promise.resolve(saves.shift() ?? null),
    chooseOpenPath: () => Promise.resolve(null),
  });
  await seedUsers(app, [
    { username: 'olivia', role: 'owner' },
    { username: 'adam', role: 'admin' },
    { username: 'aud', role: 'auditor' },
    { username: 'sue', role: 'support' },
    { username: 'mike', role: 'member' },
  ]);
  owner = await signInWindow(app, 'owner', 'olivia');
});

async function value<T>(p: Promise<Result<unknown>>): Promise<T> {
  const r = await p;
  if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
  return r.value as T;
}

/** The directory's first key, made the way the owner's first "Save public key" makes it. */
async function firstKey(): Promise<SigningKeyView> {
  saves.push(join(app.dir, 'first.json'));
  await value(owner.call('audit:savePublicKeyFile', {}));
  const view = await value<SigningKeyView | null>(owner.call('audit:signingKey', {}));
  if (!view) throw new Error('no key after saving the public key file');
  return view;
}

/** Exports the whole log as signed JSON Lines through the pipeline and waits for the file. */
async function exportAll(out: string): Promise<void> {
  saves.push(out);
  const job = await value<{ id: string }>(owner.call('audit:export', { filter: {}, format: 'jsonl' }));
  for (let i = 0; i < 200; i++) {
    const s = await value<{ state: string; error: string | null }>(
      owner.call('audit:exportStatus', { id: job.id }),
    );
    if (s.state === 'done') return;
    if (s.state !== 'running') throw new Error(`export ${s.state}: ${s.error ?? ''}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('export did not finish');
}

describe('owner signing-key channels', () => {
  it('only the owner names the organisation, rotates or revokes; every other role is refused and nothing is written', async () => {
    const key = await firstKey();
    const attempts: [string, unknown][] = [
      ['audit:setOrganisation', { name: 'Mallory Ltd' }],
      ['audit:rotateSigningKey', { confirm: key.fingerprint }],
      ['audit:revokeSigningKey', { fingerprint: key.fingerprint, confirm: key.fingerprint }],
    ];
    // Support and members do not read the audit log: the key card and its file are not theirs either.
    const readers: [string, unknown][] = [
      ['audit:signingKey', {}],
      ['audit:savePublicKeyFile', {}],
    ];
    for (const login of ['adam', 'aud', 'sue', 'mike']) {
      const w = await signInWindow(app, `w-${login}`, login);
      const refused = ['sue', 'mike'].includes(login) ? [...attempts, ...readers] : attempts;
      for (const [channel, payload] of refused) {
        // A save would need a path: offer one, so a wrongly allowed call really writes.
        saves.push(join(app.dir, `${login}.json`));
        const before = snapshotDb(app);
        const r = await w.call(channel, payload);
        expect(r, `${channel} as ${login}`).toMatchObject({ ok: false, code: 'permission_denied' });
        expect(snapshotDb(app), `${channel} as ${login} wrote something`).toBe(before);
      }
    }
    expect(existsSync(join(app.dir, 'sue.json')) || existsSync(join(app.dir, 'mike.json'))).toBe(false);
    const after = await value<SigningKeyView>(owner.call('audit:signingKey', {}));
    expect(after.history).toHaveLength(1);
    expect(after.organisation).toBe('');
  });

  it('the organisation name is trimmed; empty, over-long, control and text-direction characters are refused', async () => {
    await firstKey();
    for (const name of [
      '',
      '   ',
      'x'.repeat(121),
      'Acme\nLtd',
      'Acme\u0000',
      'Acme \u202Edtl',
      'A\u2066B',
      'A\u2028B',
    ]) {
      const r = await owner.call('audit:setOrganisation', { name });
      expect(r, JSON.stringify(name)).toMatchObject({ ok: false, code: 'invalid_input' });
    }
    expect(await value(owner.call('audit:setOrganisation', { name: '  Acme Ltd.  ' }))).toEqual({
      organisation: 'Acme Ltd.',
    });
    expect(await value(owner.call('audit:setOrganisation', { name: 'x'.repeat(120) }))).toEqual({
      organisation: 'x'.repeat(120),
    });
    const view = await value<SigningKeyView>(owner.call('audit:signingKey', {}));
    expect(view.organisation).toBe('x'.repeat(120));
    expect(auditCodes(app).filter((c) => c === 'settings:changed')).toHaveLength(2);
  });

  it('rotation needs the current fingerprint: a wrong or stale one is refused and writes nothing', async () => {
    const key = await firstKey();
    const before = snapshotDb(app);
    const wrong = `${key.fingerprint.slice(0, 63)}${key.fingerprint.endsWith('0') ? '1' : '0'}`;
    expect(await owner.call('audit:rotateSigningKey', { confirm: wrong })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    expect(await owner.call('audit:rotateSigningKey', { confirm: 'nonsense' })).toMatchObject({
      ok: false,
      code: 'invalid_input',
    });
    expect(snapshotDb(app)).toBe(before);

    // Grouped and upper-case, as copied from the card: the same fingerprint.
    const grouped = key.fingerprint.replace(/(.{4})(?!$)/g, '$1 ').toUpperCase();
    const rotated = await value<SigningKeyView>(owner.call('audit:rotateSigningKey', { confirm: grouped }));
    expect(rotated.fingerprint).not.toBe(key.fingerprint);
    expect(rotated.history.map((k) => k.fingerprint)).toEqual([key.fingerprint, rotated.fingerprint]);
    expect(rotated.history[1]?.previous).toBe(key.fingerprint);
    expect(auditCodes(app)).toContain('audit:signing_key_rotated');

    // A second window still showing the old key cannot rotate again.
    const stale = snapshotDb(app);
    expect(await owner.call('audit:rotateSigningKey', { confirm: key.fingerprint })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    expect(snapshotDb(app)).toBe(stale);
  });

  it('two windows rotating the key they both see: exactly one rotation happens', async () => {
    const key = await firstKey();
    const second = await signInWindow(app, 'owner-2', 'olivia');
    const answers = await Promise.all([
      owner.call('audit:rotateSigningKey', { confirm: key.fingerprint }),
      second.call('audit:rotateSigningKey', { confirm: key.fingerprint }),
    ]);
    expect(answers.filter((r) => r.ok)).toHaveLength(1);
    expect(answers.filter((r) => !r.ok && r.code === 'conflict')).toHaveLength(1);
    const view = await value<SigningKeyView>(owner.call('audit:signingKey', {}));
    expect(view.history).toHaveLength(2);
  });

  it('after a rotation the next export is signed by the new key, and an auditor trusting the old key accepts it as its successor', async () => {
    await firstKey();
    await value(owner.call('audit:setOrganisation', { name: 'Acme Ltd' }));
    const keyFile = join(app.dir, 'acme.json');
    saves.push(keyFile);
    const saved = await value<{ path: string; fingerprint: string }>(
      owner.call('audit:savePublicKeyFile', {}),
    );
    expect(saved.path).toBe(keyFile);
    const auditor = new TrustStore(join(app.dir, 'auditor', 'trusted-signers.json'));
    auditor.addFromKeyFile(readFileSync(keyFile, 'utf8'));

    const rotated = await value<SigningKeyView>(
      owner.call('audit:rotateSigningKey', { confirm: saved.fingerprint }),
    );
    const out = join(app.dir, 'after-rotation.jsonl');
    await exportAll(out);
    const header = JSON.parse(readFileSync(out, 'utf8').split('\n')[0] ?? '{}') as { fingerprint?: string };
    expect(header.fingerprint).toBe(rotated.fingerprint);

    const verdict = await verifyExportFile(out, { trust: auditor });
    expect(verdict).toMatchObject({
      status: 'intact',
      trust: 'trusted',
      signer: {
        fingerprint: rotated.fingerprint,
        via: 'successor',
        trustedAncestor: saved.fingerprint,
        organisation: 'Acme Ltd',
      },
    });
    // Nobody vouches for it on a machine that trusts nobody.
    const stranger = await verifyExportFile(out, { trust: [] });
    expect(stranger).toMatchObject({ status: 'intact', trust: 'unknown' });
  });

  it('marking a key compromised: the current key is replaced first; unknown, already revoked or stale confirms are refused', async () => {
    const first = await firstKey();
    const unknown = 'a'.repeat(64);
    const before = snapshotDb(app);
    expect(
      await owner.call('audit:revokeSigningKey', { fingerprint: unknown, confirm: first.fingerprint }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    expect(
      await owner.call('audit:revokeSigningKey', { fingerprint: first.fingerprint, confirm: unknown }),
    ).toMatchObject({ ok: false, code: 'conflict' });
    expect(snapshotDb(app)).toBe(before);

    const after = await value<SigningKeyView>(
      owner.call('audit:revokeSigningKey', { fingerprint: first.fingerprint, confirm: first.fingerprint }),
    );
    expect(after.fingerprint).not.toBe(first.fingerprint);
    expect(after.history[0]).toMatchObject({
      fingerprint: first.fingerprint,
      revokedAt: app.clock.now().toISOString(),
    });
    expect(after.history[1]?.revokedAt).toBeNull();
    expect(auditCodes(app).slice(-2)).toEqual(['audit:signing_key_rotated', 'audit:signing_key_revoked']);

    const again = snapshotDb(app);
    expect(
      await owner.call('audit:revokeSigningKey', {
        fingerprint: first.fingerprint,
        confirm: after.fingerprint,
      }),
    ).toMatchObject({ ok: false, code: 'conflict' });
    expect(snapshotDb(app)).toBe(again);
  });

  it('the public key file: a cancelled dialog makes nothing; an auditor may save it; the trust store accepts it', async () => {
    const aud = await signInWindow(app, 'aud', 'aud');
    const before = snapshotDb(app);
    expect(await value(aud.call('audit:savePublicKeyFile', {}))).toBeNull();
    expect(snapshotDb(app)).toBe(before);
    expect(await value(aud.call('audit:signingKey', {}))).toBeNull();

    const out = join(app.dir, 'for-auditors.json');
    saves.push(out);
    const saved = await value<{ path: string; fingerprint: string }>(aud.call('audit:savePublicKeyFile', {}));
    expect(existsSync(out)).toBe(true);
    expect(statSync(out).mode & 0o777).toBe(0o644);
    const file = JSON.parse(readFileSync(out, 'utf8')) as Record<string, unknown>;
    expect(file).toMatchObject({ format: 'portcullis-signer', version: 1, fingerprint: saved.fingerprint });
    expect(Object.keys(file).sort()).toEqual(
      ['directoryId', 'fingerprint', 'format', 'history', 'organisation', 'publicKey', 'version'].sort(),
    );
    expect(JSON.stringify(file)).not.toMatch(/PRIVATE|pkcs8/i);
    const trusted = new TrustStore(join(app.dir, 't', 'trusted.json')).addFromKeyFile(
      readFileSync(out, 'utf8'),
    );
    expect(trusted.fingerprint).toBe(saved.fingerprint);
    const row = app.container.database.sqlite
      .prepare("SELECT actor_name, details FROM audit_events WHERE code = 'audit:signing_key_saved'")
      .get() as { actor_name: string; details: string };
    expect(row.actor_name).toBe('aud');
    expect(JSON.parse(row.details)).toMatchObject({
      file: 'for-auditors.json',
      fingerprint: saved.fingerprint,
    });
  });
});
