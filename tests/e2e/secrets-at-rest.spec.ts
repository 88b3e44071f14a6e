import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { AT_REST_DIR, type KeptSecrets, type SecretKind } from './secrets';

/**
 * Runs after the whole e2e suite (project "at-rest" depends on "chromium"): every test kept its
 * database as it was on disk while open (file + WAL), the database after a clean close, and the
 * app's log lines. Every secret any test used is searched for in every one of those files — as
 * UTF-8, UTF-16, hex and base64 — and none may be there.
 */

const FILES = ['open.db', 'open.db-wal', 'closed.db', 'app.log'];

/** The byte forms a secret could take if someone stored it carelessly. */
function forms(value: string): Buffer[] {
  const utf8 = Buffer.from(value, 'utf8');
  return [
    utf8,
    Buffer.from(value, 'utf16le'),
    Buffer.from(utf8.toString('hex'), 'latin1'),
    Buffer.from(utf8.toString('hex').toUpperCase(), 'latin1'),
    Buffer.from(utf8.toString('base64').replace(/=+$/, ''), 'latin1'),
  ];
}

const isAlnum = (b: number | undefined) =>
  b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a));

/**
 * Where `needle` occurs in `hay`. Six-digit codes are short enough to occur by chance inside a hex
 * hash or a number, so for them only a standalone occurrence (no letter or digit either side) counts.
 */
function occurs(hay: Buffer, needle: Buffer, standaloneOnly: boolean): boolean {
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + 1)) {
    if (!standaloneOnly) return true;
    if (!isAlnum(hay[at - 1]) && !isAlnum(hay[at + needle.length])) return true;
  }
  return false;
}

test('no secret the e2e suite used is at rest in any database file, WAL or log', () => {
  expect(existsSync(AT_REST_DIR), `${AT_REST_DIR} is missing: the e2e suite did not run first`).toBe(true);
  const folders = readdirSync(AT_REST_DIR).map((f) => join(AT_REST_DIR, f));
  const secrets = new Map<string, SecretKind>();
  const files: { path: string; bytes: Buffer; canaries: string[] }[] = [];
  for (const folder of folders) {
    const kept = JSON.parse(readFileSync(join(folder, 'secrets.json'), 'utf8')) as KeptSecrets;
    for (const s of kept.secrets) secrets.set(s.value, s.kind);
    for (const f of FILES) {
      const path = join(folder, f);
      if (existsSync(path) && statSync(path).size > 0)
        files.push({ path, bytes: readFileSync(path), canaries: f === 'closed.db' ? kept.canaries : [] });
    }
  }

  // The scan reads the right bytes: usernames, which the app keeps in plain text, are found.
  let canariesFound = 0;
  for (const file of files)
    for (const c of file.canaries) {
      expect(occurs(file.bytes, Buffer.from(c), false), `control: ${c} not found in ${file.path}`).toBe(true);
      canariesFound++;
    }

  const leaks: string[] = [];
  for (const [value, kind] of secrets) {
    const standalone = /^\d{6}$/.test(value);
    const needles = standalone ? [Buffer.from(value)] : forms(value);
    for (const file of files)
      if (needles.some((n) => occurs(file.bytes, n, standalone)))
        leaks.push(`${kind} ${value.slice(0, 3)}… in ${file.path}`);
  }

  const byKind = new Map<SecretKind, number>();
  for (const kind of secrets.values()) byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  const kinds: SecretKind[] = [
    'password',
    'totp key',
    'backup code',
    'one-time code',
    'api token',
    'smtp credential',
    'sms credential',
    'linked-service credential',
  ];
  const count = (f: string) => files.filter((x) => x.path.endsWith(f)).length;
  const mb = files.reduce((n, f) => n + f.bytes.length, 0) / 1024 / 1024;
  console.log(
    `Secrets at rest: ${String(secrets.size)} secrets (${kinds.map((k) => `${k} ${String(byKind.get(k) ?? 0)}`).join(', ')}) ` +
      `searched in ${String(files.length)} files from ${String(folders.length)} e2e tests ` +
      `(${String(count('open.db'))} open databases, ${String(count('open.db-wal'))} WALs, ${String(count('closed.db'))} closed databases, ${String(count('app.log'))} logs; ${mb.toFixed(1)} MB); ` +
      `control: ${String(canariesFound)} usernames found; leaks: ${String(leaks.length)}`,
  );
  expect(leaks).toEqual([]);
  // Every kind of secret the product handles was exercised, so "none found" means something.
  for (const kind of kinds) expect(byKind.get(kind) ?? 0, `no ${kind} was recorded`).toBeGreaterThan(0);
  expect(canariesFound).toBeGreaterThan(0);
  expect(count('open.db-wal')).toBeGreaterThan(0);
});
