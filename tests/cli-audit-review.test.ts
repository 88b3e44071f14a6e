import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineGeoLookup } from '../electron/main/adapters/geo';
import { generateDemo } from '../electron/main/services/audit/demo';
import { auditGroupOf } from '../shared/domain/audit-catalog';
import { removeDir, startServices, tempDir } from './support/services';
import { bundleCli, runBundled } from './support/cli-bundle';

const dir = tempDir('portcullis-cli-review-');
const db = join(dir, 'portcullis.db');
const file = join(dir, 'export.jsonl');
let script = '';
let fingerprint = '';
let text = '';

/**
 * A machine that never saw Portcullis: empty home, empty user-data and temp folders, no D-Bus
 * session (so no keychain), no XDG folders.
 */
function freshMachine(name: string): { env: NodeJS.ProcessEnv; folders: string[] } {
  const folders = ['home', 'data', 'tmp'].map((f) => join(dir, `${name}-${f}`));
  for (const f of folders) mkdirSync(f);
  const [home, data, tmp] = folders as [string, string, string];
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    PORTCULLIS_USER_DATA: data,
    TMPDIR: tmp,
    LANG: 'C',
  };
  return { env, folders };
}
const cli = (args: string[], env: NodeJS.ProcessEnv) => runBundled(script, args, env);

beforeAll(async () => {
  script = bundleCli('cli-review');
  const app = await startServices({ dir, keychainService: 'Portcullis' });
  await generateDemo(app.container.database.sqlite, new OfflineGeoLookup(), {
    users: 8,
    events: 150,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    now: new Date('2026-11-01T00:00:00Z'),
  });
  await app.close();
  const r = runBundled(script, ['audit', 'export', '--out', file, '--db', db]);
  expect(r.code).toBe(0);
  fingerprint = /signed by: ([0-9a-f]{64})/.exec(r.out)?.[1] ?? '';
  text = readFileSync(file, 'utf8');
}, 60_000);

afterAll(() => {
  removeDir(dir);
  rmSync(script, { force: true });
});

describe('portcullis review FILE on a fresh machine', () => {
  it('prints verdict, signer, scope, counts by group and first/last time; no keychain, empty home; creates nothing', () => {
    const { env, folders } = freshMachine('fresh');
    const r = cli(['review', file], env);
    expect(r.err).toBe('');
    expect(r.code).toBe(4);
    const events = text
      .split('\n')
      .slice(1, -2)
      .map((l) => JSON.parse(l) as { code: string; at: string });
    expect(events.length).toBe(150);
    expect(r.out).toContain('intact: 150 events, but the signer is NOT one you trust');
    expect(r.out).toContain((fingerprint.match(/.{4}/g) ?? []).join(' '));
    expect(r.out).toContain('export scope: the whole audit log');
    const counts = new Map<string, number>();
    for (const e of events) counts.set(auditGroupOf(e.code), (counts.get(auditGroupOf(e.code)) ?? 0) + 1);
    for (const [group, n] of counts) expect(r.out).toMatch(new RegExp(`^  ${group} +${n}$`, 'm'));
    const times = events.map((e) => Date.parse(e.at)).sort((a, b) => a - b);
    expect(r.out).toContain(`first event:  ${new Date(times[0] ?? 0).toISOString()} (UTC)`);
    expect(r.out).toContain(`last event:   ${new Date(times.at(-1) ?? 0).toISOString()} (UTC)`);
    // No database, no keychain entry, no trust file, no temporary file: every folder is still empty.
    for (const f of folders) expect([f, readdirSync(f)]).toEqual([f, []]);
  });

  it('with --key the same review exits 0; altered exits 1 without a summary; not an export exits 2', () => {
    const { env, folders } = freshMachine('codes');
    const ok = cli(['review', file, '--key', fingerprint], env);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('signed by a trusted signer');
    const lines = text.split('\n');
    lines[10] = (lines[10] ?? '').replace(/"at":"2/, '"at":"1');
    writeFileSync(join(dir, 'altered.jsonl'), lines.join('\n'));
    const altered = cli(['review', join(dir, 'altered.jsonl')], env);
    expect(altered.code).toBe(1);
    expect(altered.err).toContain('altered at line 11');
    expect(altered.out).not.toContain('events by group');
    writeFileSync(join(dir, 'plain.txt'), 'hello\n');
    expect(cli(['review', join(dir, 'plain.txt')], env).code).toBe(2);
    expect(cli(['review', '--key', 'nonsense', file], env).code).toBe(2);
    for (const f of folders) expect(readdirSync(f)).toEqual([]);
  });
});
