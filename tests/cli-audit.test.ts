import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineGeoLookup } from '../electron/main/adapters/geo';
import { generateDemo } from '../electron/main/services/audit/demo';
import { removeDir, startServices, tempDir } from './support/services';
import { bundleCli, runBundled } from './support/cli-bundle';
import { newKey, resign } from './support/export-resign';

const dir = tempDir('portcullis-cli-audit-');
const db = join(dir, 'portcullis.db');
const file = join(dir, 'export.jsonl');
let script = '';
let fingerprint = '';
let text = '';
let n = 0;

/** A fresh user-data folder (no trusted signers) and env pointing at it; the keychain stays reachable. */
function auditor(name: string, over: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const data = join(dir, `auditor-${name}-${++n}`);
  mkdirSync(data);
  return { ...process.env, PORTCULLIS_USER_DATA: data, ...over };
}
const cli = (args: string[], env: NodeJS.ProcessEnv) => runBundled(script, args, env);
const grouped = (fp: string) => (fp.match(/.{4}/g) ?? []).join(' ');

beforeAll(async () => {
  script = bundleCli('cli-audit');
  const app = await startServices({ dir, keychainService: 'Portcullis' });
  await generateDemo(app.container.database.sqlite, new OfflineGeoLookup(), {
    users: 8,
    events: 120,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    now: new Date('2026-11-01T00:00:00Z'),
  });
  await app.close();
  const r = cli(['audit', 'export', '--out', file, '--db', db], process.env);
  expect(r.err).toBe('');
  expect(r.code).toBe(0);
  fingerprint = /signed by: ([0-9a-f]{64})/.exec(r.out)?.[1] ?? '';
  expect(fingerprint).toMatch(/^[0-9a-f]{64}$/);
  text = readFileSync(file, 'utf8');
}, 60_000);

afterAll(() => {
  removeDir(dir);
  rmSync(script, { force: true });
});

describe('audit verify exit codes and trust (CLI)', () => {
  it('an intact file from a signer nobody trusts exits 4 with the grouped fingerprint and the trust command', () => {
    const r = cli(['audit', 'verify', file], auditor('unknown'));
    expect(r.code).toBe(4);
    expect(r.out).toContain('but the signer is NOT one you trust');
    expect(r.out).toContain(grouped(fingerprint));
    expect(r.out).toContain(`portcullis audit trust add ${fingerprint} --organisation`);
  });

  it('--key with the right fingerprint (any spelling) exits 0; another key is refused (exit 1)', () => {
    const env = auditor('key');
    const ok = cli(['audit', 'verify', file, '--key', `sha256:${grouped(fingerprint).toUpperCase()}`], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('intact: 120 events, signed by a trusted signer');
    const other = cli(['audit', 'verify', file, '--key', newKey().fingerprint], env);
    expect(other.code).toBe(1);
    expect(other.err).toContain('refused');
  });

  it('trust add, list, verify 0, remove, verify 4 again; removing twice exits 1', () => {
    const env = auditor('cycle');
    const add = cli(['audit', 'trust', 'add', grouped(fingerprint), '--organisation', 'Acme Ltd'], env);
    expect(add.err).toBe('');
    expect(add.code).toBe(0);
    const list = cli(['audit', 'trust', 'list', '--json'], env);
    expect(
      (JSON.parse(list.out) as { fingerprint: string; organisation: string }[]).map((e) => [
        e.fingerprint,
        e.organisation,
      ]),
    ).toEqual([[fingerprint, 'Acme Ltd']]);
    const trusted = cli(['audit', 'verify', file], env);
    expect(trusted.code).toBe(0);
    expect(trusted.out).toContain('trusted as "Acme Ltd"');
    expect(cli(['audit', 'trust', 'remove', fingerprint], env).code).toBe(0);
    expect(cli(['audit', 'verify', file], env).code).toBe(4);
    const again = cli(['audit', 'trust', 'remove', fingerprint], env);
    expect(again.code).toBe(1);
    expect(again.err).toContain('is not in your trusted signers');
  });

  it('key export writes the signer file; trusting it from --file makes the export verify (0)', () => {
    const signer = join(dir, 'signer.json');
    const out = cli(['audit', 'key', 'export', '--out', signer, '--db', db], process.env);
    expect(out.err).toBe('');
    expect(out.code).toBe(0);
    const k = JSON.parse(readFileSync(signer, 'utf8')) as { format: string; fingerprint: string };
    expect([k.format, k.fingerprint]).toEqual(['portcullis-signer', fingerprint]);
    expect(cli(['audit', 'key', 'export', '--out', signer, '--db', db], process.env).code).toBe(2);
    const env = auditor('file');
    expect(cli(['audit', 'trust', 'add', '--file', signer], env).code).toBe(0);
    expect(cli(['audit', 'verify', file], env).code).toBe(0);
  });

  it('a file re-chained and re-signed with another key is intact but unknown (4), even for someone who trusts the real key', () => {
    const env = auditor('resigned');
    expect(cli(['audit', 'trust', 'add', fingerprint, '--organisation', 'Acme Ltd'], env).code).toBe(0);
    const forged = resign(text, newKey(), {
      edit: (ev) => ev.map((l) => l.replace(/"ip":"[^"]*"/, '"ip":"10.6.6.6"')),
    });
    const path = join(dir, 'forged.jsonl');
    writeFileSync(path, forged.bytes);
    const r = cli(['audit', 'verify', path], env);
    expect(r.code).toBe(4);
    expect(r.out).toContain(grouped(forged.fingerprint));
    expect(cli(['audit', 'verify', path, '--key', fingerprint], env).code).toBe(1);
    expect(cli(['audit', 'verify', path, '--key', forged.fingerprint], env).code).toBe(0);
  });

  it('an edited line exits 1 naming the line; a text file, a folder and a missing file exit 2', () => {
    const env = auditor('bad');
    const lines = text.split('\n');
    lines[30] = (lines[30] ?? '').replace(/"n":30,/, '"n": 30,');
    expect(lines[30]).toContain('"n": 30,');
    writeFileSync(join(dir, 'edited.jsonl'), lines.join('\n'));
    const edited = cli(['audit', 'verify', join(dir, 'edited.jsonl')], env);
    expect(edited.code).toBe(1);
    expect(edited.err).toContain('altered at line 31');
    writeFileSync(join(dir, 'notes.txt'), 'just some notes\n');
    const notExport = cli(['audit', 'verify', join(dir, 'notes.txt')], env);
    expect([notExport.code, notExport.err.includes('not an audit export')]).toEqual([2, true]);
    expect(cli(['audit', 'verify', dir], env).code).toBe(2);
    expect(cli(['audit', 'verify', join(dir, 'nope.jsonl')], env).code).toBe(2);
  });

  it('bad arguments exit 2 with a clear message and write nothing', () => {
    const env = auditor('args');
    const cases: [string[], string][] = [
      [['audit', 'verify', file, '--key', 'abc'], '64 hexadecimal digits'],
      [['audit', 'verify', file, '--db', db], 'not both'],
      [['audit', 'trust', 'add', 'zz'.repeat(32), '--organisation', 'X'], '64 hexadecimal digits'],
      [['audit', 'trust', 'add', fingerprint], '--organisation NAME'],
      [['audit', 'trust', 'add', fingerprint, '--organisation', '  '], 'organisation'],
      [['audit', 'trust', 'add', fingerprint, '--organisation', 'a\u001b[2Jb'], 'control characters'],
      [['audit', 'trust', 'add', fingerprint, '--file', file], 'Give either'],
      [['audit', 'trust', 'add', '--file', file], 'the file is not JSON'],
      [['audit', 'trust', 'add', '--file', dir], 'folder'],
    ];
    for (const [args, message] of cases) {
      const r = cli(args, env);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.err).toContain(message);
    }
    expect(readdirSync(env.PORTCULLIS_USER_DATA ?? '')).toEqual([]);
  });

  it('a damaged trusted-signers file is exit 3 (this machine lacks something), naming the file and what to do', () => {
    const env = auditor('damaged');
    writeFileSync(
      join(env.PORTCULLIS_USER_DATA ?? '', 'trusted-signers.json'),
      '{"format":"portcullis-trusted-signers",',
    );
    const r = cli(['audit', 'verify', file], env);
    expect(r.code).toBe(3);
    expect(r.err).toContain('trusted-signers.json is damaged');
    expect(r.err).toContain('Move it aside');
    expect(cli(['audit', 'trust', 'list'], env).code).toBe(3);
  });

  it('audit verify --db: 0 with the keychain or --key, 4 with neither, 1 for a rewritten row (triggers dropped)', () => {
    const withKeychain = cli(['audit', 'verify', '--db', db], auditor('db'));
    expect(withKeychain.err).toBe('');
    expect(withKeychain.code).toBe(0);
    expect(withKeychain.out).toMatch(/intact: \d+ events, \d+ signed checkpoints/);
    const noKeychain = { DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/bus' };
    const unknown = cli(['audit', 'verify', '--db', db], auditor('db-nokeychain', noKeychain));
    expect(unknown.code).toBe(4);
    expect(unknown.err).toContain('the keychain is not reachable');
    expect(unknown.out).toContain(`portcullis audit trust add ${fingerprint}`);
    expect(
      cli(['audit', 'verify', '--db', db, '--key', fingerprint], auditor('db-key', noKeychain)).code,
    ).toBe(0);
    const copy = join(dir, 'tampered.db');
    copyFileSync(db, copy);
    const raw = new BetterSqlite3(copy);
    raw.exec('DROP TRIGGER audit_no_update');
    raw.prepare("UPDATE audit_events SET ip = '10.1.2.3' WHERE id = 40").run();
    raw.close();
    const tampered = cli(['audit', 'verify', '--db', copy], auditor('db-tampered'));
    expect(tampered.code).toBe(1);
    expect(tampered.err).toMatch(/altered: audit event id 40\b/);
    writeFileSync(join(dir, 'not-a-db.db'), 'hello');
    expect(cli(['audit', 'verify', '--db', join(dir, 'not-a-db.db')], auditor('db-bad')).code).toBe(2);
  });

  it('a hostile organisation name reaches the terminal without escape sequences and stays one quoted shell word', () => {
    const evil = "Evil\u001b]0;owned\u0007\u001b[2J'; touch /tmp/pwned-by-portcullis-test #\u202e";
    const forged = resign(text, newKey(), { organisation: evil });
    const path = join(dir, 'evil.jsonl');
    writeFileSync(path, forged.bytes);
    const r = cli(['audit', 'verify', path], auditor('evil'));
    expect(r.code).toBe(4);
    // eslint-disable-next-line no-control-regex -- the point is that none reach the terminal
    expect(r.out).not.toMatch(/[\u001b\u0007\u202e]/);
    const suggested = /--organisation (.*)$/m.exec(r.out)?.[1] ?? '';
    expect(suggested).toBe(`'Evil?]0;owned??[2J'\\''; touch /tmp/pwned-by-portcullis-test #?'`);
  });
});
