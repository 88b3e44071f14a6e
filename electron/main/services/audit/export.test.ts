import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startServices, tempDir } from '../../../../tests/support/services';
import { databaseArg } from '../../../../tests/support/engine';
import { copyDatabase, dropTriggers, openRaw } from '../../../../tests/support/raw-db';
import { OfflineGeoLookup } from '../../adapters/geo';
import { generateDemo } from './demo';
import { fingerprintOf, sha256Hex, signedText } from './export-format';

const root = join(__dirname, '../../../..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const dir = tempDir('portcullis-export-');
const db = join(dir, 'portcullis.db');
const file = join(dir, 'export.jsonl');
/** No keychain reachable (the session bus points nowhere) and an auditor's own, empty trusted-signers folder. */
const NO_KEYCHAIN = {
  ...process.env,
  DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus',
  PORTCULLIS_USER_DATA: join(dir, 'auditor'),
};

function cli(args: string[], env: NodeJS.ProcessEnv = process.env) {
  const r = spawnSync(process.execPath, [tsx, 'cli/index.ts', ...args], { cwd: root, env, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let lines: string[] = [];
/** Line i (0-based) of the untouched export. */
const at = (i: number): string => lines[i] ?? '';
let fingerprint = '';

/** Writes an altered copy and verifies it without a keychain. */
function verifyAltered(name: string, altered: string[], extra: string[] = []) {
  const path = join(dir, `${name}.jsonl`);
  writeFileSync(path, altered.join('\n'));
  return cli(['audit', 'verify', path, ...extra], NO_KEYCHAIN);
}

beforeAll(async () => {
  const app = await startServices({ dir, keychainService: 'Portcullis' });
  await generateDemo(app.container.database.sqlite, new OfflineGeoLookup(), {
    users: 12,
    events: 300,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    now: new Date('2026-11-01T00:00:00Z'),
  });
  await app.close();
  const r = cli(['audit', 'export', '--out', file, '--db', databaseArg(db)]);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  fingerprint = /signed by: ([0-9a-f]{64})/.exec(r.out)?.[1] ?? '';
  lines = readFileSync(file, 'utf8').split('\n');
}, 60_000);

afterAll(() => {
  removeDir(dir);
});

describe('audit export and verify (CLI)', () => {
  it('an untouched export verifies with no keychain: exit 0 with the right --key, 4 (unknown signer) without', () => {
    expect(lines.length).toBe(300 + 3); // header, 300 events, manifest, trailing newline
    const r = cli(['audit', 'verify', file, '--key', fingerprint], NO_KEYCHAIN);
    expect(r.code).toBe(0);
    expect(r.out).toContain('intact: 300 events');
    const unknown = cli(['audit', 'verify', file], NO_KEYCHAIN);
    expect(unknown.code).toBe(4);
    expect(unknown.out).toContain('intact: 300 events');
  });

  it('an edited event names its line', () => {
    const altered = [...lines];
    altered[41] = (altered[41] ?? '').replace(/"ip":"[^"]+"/, '"ip":"10.9.9.9"');
    expect(altered[41]).not.toBe(lines[41]);
    const r = verifyAltered('edited', altered);
    expect(r.code).toBe(1);
    expect(r.err).toContain('altered at line 42');
  });

  it('a deleted line names the line where the gap is', () => {
    const altered = lines.filter((_, i) => i !== 99);
    const r = verifyAltered('deleted', altered);
    expect(r.code).toBe(1);
    expect(r.err).toContain('altered at line 100');
  });

  it('an inserted (copied) line is named', () => {
    const altered = [...lines.slice(0, 200), at(150), ...lines.slice(200)];
    const r = verifyAltered('inserted', altered);
    expect(r.code).toBe(1);
    expect(r.err).toContain('altered at line 201');
  });

  it('reordered lines name the first moved line', () => {
    const altered = [...lines];
    [altered[10], altered[11]] = [altered[11] ?? '', altered[10] ?? ''];
    const r = verifyAltered('reordered', altered);
    expect(r.code).toBe(1);
    expect(r.err).toContain('altered at line 11');
  });

  it('a truncated file names the first missing line', () => {
    const r = verifyAltered('truncated', lines.slice(0, 250));
    expect(r.code).toBe(1);
    expect(r.err).toContain('altered at line 251');
    const cut = verifyAltered('cut', [...lines.slice(0, 250), at(250).slice(0, 40)]);
    expect(cut.code).toBe(1);
    expect(cut.err).toContain('altered at line 251');
  });

  it('a changed header is line 1', () => {
    const altered = [...lines];
    altered[0] = (altered[0] ?? '').replace(/"exportedBy":"[^"]+"/, '"exportedBy":"someone else"');
    const r = verifyAltered('header', altered);
    expect(r.code).toBe(1);
    expect(r.err).toContain('altered at line 1:');
  });

  it('a forged signature names the manifest line', () => {
    const altered = [...lines];
    const m = JSON.parse(altered[301] ?? '') as { signature: string };
    const sig = Buffer.from(m.signature, 'base64');
    sig[5] = (sig[5] ?? 0) ^ 0xff;
    altered[301] = (altered[301] ?? '').replace(m.signature, sig.toString('base64'));
    const r = verifyAltered('forged', altered);
    expect(r.code).toBe(1);
    expect(r.err).toContain('altered at line 302');
    expect(r.err).toContain('signature');
  });

  it('a header whose key is swapped for another (key history kept) is altered at line 1', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ format: 'der', type: 'spki' });
    const header = JSON.parse(at(0)) as Record<string, unknown>;
    const swapped = JSON.stringify({
      ...header,
      publicKey: der.toString('base64'),
      fingerprint: fingerprintOf(der),
    });
    const r = verifyAltered('swapped', resign(swapped, privateKey));
    expect(r.code).toBe(1);
    expect(r.err).toContain('altered at line 1:');
    expect(r.err).toContain('key history');
  });

  it('a file re-signed by another key (with its own key history) is intact but unknown (exit 4); --key refuses it (exit 1); trusting that key gives 0', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const der = publicKey.export({ format: 'der', type: 'spki' });
    const fp = fingerprintOf(der);
    const header = JSON.parse(at(0)) as Record<string, unknown>;
    const own = {
      fingerprint: fp,
      publicKey: der.toString('base64'),
      createdAt: '2026-11-01T00:00:00.000Z',
      previous: null,
      endorsement: null,
      revokedAt: null,
      revocation: null,
    };
    const forged = JSON.stringify({
      ...header,
      publicKey: own.publicKey,
      fingerprint: fp,
      keyHistory: [own],
    });
    const resigned = resign(forged, privateKey);
    const unknown = verifyAltered('resigned-nokey', resigned);
    expect(unknown.code).toBe(4);
    expect(unknown.out).toContain('intact: 300 events');
    const r = verifyAltered('resigned', resigned, ['--key', fingerprint]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('refused:');
    expect(r.err).toContain('not by the expected key');
    // The auditor trusts the real signer: the re-signed file is still not trusted.
    const trust = cli(['audit', 'trust', 'add', fingerprint, '--organisation', 'Acme'], NO_KEYCHAIN);
    expect(trust.code).toBe(0);
    expect(verifyAltered('resigned-trusted-real', resigned).code).toBe(4);
    expect(cli(['audit', 'verify', file], NO_KEYCHAIN).code).toBe(0);
    expect(verifyAltered('resigned-key', resigned, ['--key', fp]).code).toBe(0);
  });

  it('CSV export: BOM for spreadsheets, a header row and proper quoting, filtered by --code', () => {
    const csv = join(dir, 'export.csv');
    const r = cli([
      'audit',
      'export',
      '--out',
      csv,
      '--format',
      'csv',
      '--bom',
      '--code',
      'user:login_failed',
      '--db',
      databaseArg(db),
    ]);
    expect(r.code).toBe(0);
    const bytes = readFileSync(csv);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = bytes.toString('utf8').slice(1).trim().split('\n');
    expect(rows[0]).toBe(
      'id,at,code,message,actor,subject,ip,session_hash,location,device_type,browser,os,details',
    );
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows.slice(1)) expect(row).toContain(',user:login_failed,');
    // Details are JSON: their quotes are doubled inside a quoted field.
    expect(rows[1]).toContain('"{""reason"":""wrong password""}"');
  });

  it('a file that is not an export exits 2', () => {
    const path = join(dir, 'notes.txt');
    writeFileSync(path, 'hello\nworld\n');
    expect(cli(['audit', 'verify', path], NO_KEYCHAIN).code).toBe(2);
  });

  it('audit verify --db checks the live chain without a keychain: 0 with --key, 4 when nobody vouches for the signer', () => {
    const r = cli(['audit', 'verify', '--db', databaseArg(db), '--key', fingerprint], NO_KEYCHAIN);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/intact: 30[12] events/); // 300 demo events and the audit:exported event(s)
    const unknown = cli(['audit', 'verify', '--db', databaseArg(db)], {
      ...NO_KEYCHAIN,
      PORTCULLIS_USER_DATA: join(dir, 'no-trust'),
    });
    expect(unknown.code).toBe(4);
  });

  it('audit verify --db names the first tampered row of the live database', async () => {
    const copy = join(dir, 'tampered.db');
    await copyDatabase(db, copy);
    const raw = openRaw(copy);
    dropTriggers(raw);
    raw.prepare("UPDATE audit_events SET ip = '10.1.2.3' WHERE id = 50").run();
    raw.close();
    const r = cli(['audit', 'verify', '--db', databaseArg(copy)], NO_KEYCHAIN);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/audit event id 50\b/);
  });
});

/** The export with a new header: every event re-chained to it and the manifest signed by `key`. */
function resign(header: string, key: KeyObject): string[] {
  const { eventLineFrom } = rechain(header, lines.slice(1, 301));
  const headerHash = sha256Hex(header);
  const finalHash = eventLineFrom.at(-1)?.hash ?? '';
  const signature = sign(null, Buffer.from(signedText(headerHash, finalHash, 300)), key).toString('base64');
  const manifest = JSON.stringify({ manifest: true, count: 300, headerHash, finalHash, signature });
  return [header, ...eventLineFrom.map((e) => e.line), manifest, ''];
}

/** Re-computes each event line's prev and hash after a header change. */
function rechain(header: string, eventLines: string[]) {
  let prev = sha256Hex(header);
  const eventLineFrom = eventLines.map((l) => {
    const body = `{"prev":"${prev}${l.slice(73, l.length - 75)}`;
    const hash = sha256Hex(body);
    prev = hash;
    return { line: `${body},"hash":"${hash}"}`, hash };
  });
  return { eventLineFrom };
}
