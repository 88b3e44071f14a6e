import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineGeoLookup } from '../electron/main/adapters/geo';
import { generateDemo } from '../electron/main/services/audit/demo';
import { removeDir, startServices, tempDir } from './support/services';
import { bundleCli, runBundled } from './support/cli-bundle';
import { newKey, resign } from './support/export-resign';

/**
 * Issue 18 item 8: scripts/verify-export-reference.sh, written only from
 * docs/audit-export-format.md, must agree with `portcullis audit verify` on real exports, intact
 * and altered: same exit code, and the same line for an alteration.
 */
const root = join(__dirname, '..');
const recipe = join(root, 'scripts/verify-export-reference.sh');
const dir = tempDir('portcullis-reference-');
const db = join(dir, 'portcullis.db');
const file = join(dir, 'export.jsonl');
let script = '';
let fingerprint = '';
let oldKey = '';
let lines: string[] = [];

function reference(path: string, fp?: string) {
  const r = spawnSync('bash', [recipe, path, ...(fp ? [fp] : [])], { encoding: 'utf8' });
  return { code: r.status, text: `${r.stdout}${r.stderr}` };
}
function portcullis(path: string, fp?: string) {
  const r = runBundled(script, ['audit', 'verify', path, ...(fp ? ['--key', fp] : [])], {
    ...process.env,
    PORTCULLIS_USER_DATA: join(dir, 'no-trust'),
  });
  return { code: r.code, text: `${r.out}${r.err}` };
}
const lineOf = (text: string) => /altered at line (\d+)/.exec(text)?.[1] ?? null;

/** Both verifiers on one file: same exit code and the same altered line. */
function agree(name: string, content: string | Buffer, fp: string | undefined, expected: number) {
  const path = join(dir, `${name}.jsonl`);
  writeFileSync(path, content);
  const ref = reference(path, fp);
  const app = portcullis(path, fp);
  expect({ name, ref: ref.code, app: app.code }).toEqual({ name, ref: expected, app: expected });
  expect({ name, line: lineOf(ref.text) }).toEqual({ name, line: lineOf(app.text) });
  return { ref, app };
}

beforeAll(async () => {
  script = bundleCli('reference');
  const app = await startServices({ dir, keychainService: 'Portcullis' });
  await generateDemo(app.container.database.sqlite, new OfflineGeoLookup(), {
    users: 6,
    events: 60,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    now: new Date('2026-11-01T00:00:00Z'),
  });
  // A rotated key, the old one then marked compromised: the export carries a 2-key history.
  const keys = app.container.services.signingKeys;
  oldKey = (await keys.current()).fingerprint;
  await keys.rotate(null, null);
  await keys.revoke(oldKey, null, null);
  await app.close();
  const r = runBundled(script, ['audit', 'export', '--out', file, '--db', db]);
  expect(r.err).toBe('');
  fingerprint = /signed by: ([0-9a-f]{64})/.exec(r.out)?.[1] ?? '';
  lines = readFileSync(file, 'utf8').split('\n');
}, 60_000);

afterAll(() => {
  removeDir(dir);
  rmSync(script, { force: true });
});

describe('reference recipe vs audit verify', () => {
  it('openssl here verifies Ed25519 with -rawin (OpenSSL >= 3.0)', () => {
    const v = spawnSync('openssl', ['version'], { encoding: 'utf8' });
    expect(v.stdout).toMatch(/^OpenSSL (3|[4-9])\./);
  });

  it('intact: 0 with the signer, 0 with the older rotated key (successor), 4 with no fingerprint; 1 with another key', () => {
    const text = readFileSync(file, 'utf8');
    expect(oldKey).not.toBe(fingerprint);
    agree('intact', text, fingerprint, 0);
    const viaOld = agree('intact-old-key', text, oldKey, 0);
    expect(viaOld.ref.text).toContain(`a successor of ${oldKey}`);
    agree('intact-unknown', text, undefined, 4);
    agree('intact-other-key', text, newKey().fingerprint, 1);
  });

  it('an edited line, a deleted line, swapped lines, an edited header, a cut manifest: both name the same line', () => {
    const edited = [...lines];
    edited[20] = (edited[20] ?? '').replace(/"message":"./, '"message":"X');
    expect(edited[20]).not.toBe(lines[20]);
    expect(lineOf(agree('edited', edited.join('\n'), fingerprint, 1).app.text)).toBe('21');
    agree('deleted', lines.filter((_, i) => i !== 30).join('\n'), fingerprint, 1);
    const swapped = [...lines];
    [swapped[10], swapped[11]] = [swapped[11] ?? '', swapped[10] ?? ''];
    agree('swapped', swapped.join('\n'), fingerprint, 1);
    agree(
      'header',
      [lines[0]?.replace('"organisation":"', '"organisation":"Evil ') ?? '', ...lines.slice(1)].join('\n'),
      fingerprint,
      1,
    );
    agree('cut', lines.slice(0, -2).join('\n'), fingerprint, 1);
    agree('cut-tail-events', [...lines.slice(0, 40), lines.at(-2) ?? ''].join('\n'), fingerprint, 1);
    agree('appended', `${lines.join('\n')}{"extra":1}\n`, fingerprint, 1);
  });

  it('re-signed with another key: refused against the expected fingerprint, intact against its own', () => {
    const forged = resign(readFileSync(file), newKey(), {
      edit: (ev) => ev.map((l, i) => (i === 5 ? l.replace(/"ip":"[^"]*"/, '"ip":"10.6.6.6"') : l)),
    });
    agree('resigned-expected', forged.bytes, fingerprint, 1);
    agree('resigned-old', forged.bytes, oldKey, 1);
    agree('resigned-own', forged.bytes, forged.fingerprint, 0);
    agree('resigned-unknown', forged.bytes, undefined, 4);
  });

  it('a version 1 file (no directory, organisation or key history) still verifies with both', () => {
    const v1 = resign(readFileSync(file), newKey(), { version1: true });
    const header = JSON.parse(v1.bytes.toString('utf8').split('\n')[0] ?? '{}') as Record<string, unknown>;
    expect([header.version, 'keyHistory' in header]).toEqual([1, false]);
    agree('v1', v1.bytes, v1.fingerprint, 0);
    agree('v1-unknown', v1.bytes, undefined, 4);
    agree('v1-other', v1.bytes, fingerprint, 1);
  });

  it('the worked example of docs/audit-export-format.md still verifies: successor of its first key, refused for another', () => {
    const doc = readFileSync(join(root, 'docs/audit-export-format.md'), 'utf8');
    const example = /```jsonl\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
    const header = JSON.parse(example.split('\n')[0] ?? '{}') as { keyHistory: { fingerprint: string }[] };
    const first = header.keyHistory[0]?.fingerprint ?? '';
    expect(first).toMatch(/^[0-9a-f]{64}$/);
    agree('doc-example', example, first, 0);
    agree('doc-example-unknown', example, undefined, 4);
    agree('doc-example-other', example, fingerprint, 1);
  });

  it('not an export: both exit 2', () => {
    agree('notes', 'hello\nworld\n', undefined, 2);
    agree('empty-json', '{}\n', undefined, 2);
  });
});
