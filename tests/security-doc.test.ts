import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * SECURITY.md says, for every requirement it marks met, which test shows it: `file` "title".
 * This keeps those references true as tests move, split and get renamed.
 */
const root = join(__dirname, '..');
const PREFIXES: Record<string, string> = {
  'svc/': 'electron/main/services/',
  'sec/': 'electron/main/security/',
  'ipc/': 'electron/main/ipc/',
  'db/': 'electron/main/db/',
  'e2e/': 'tests/e2e/',
};

function resolve(ref: string): string {
  for (const [short, full] of Object.entries(PREFIXES))
    if (ref.startsWith(short)) return full + ref.slice(short.length);
  return /^(tests|electron|renderer)\//.test(ref) ? ref : `tests/${ref}`;
}

const squash = (text: string) => text.replace(/\s+/g, ' ');

describe('SECURITY.md', () => {
  it('every test it cites exists, and every quoted test title is in that file', () => {
    const doc = readFileSync(join(root, 'SECURITY.md'), 'utf8');
    const problems: string[] = [];
    let files = 0;
    let titles = 0;
    for (const m of doc.matchAll(/`([\w./-]+\.(?:test|spec)\.ts)`([^`|]*)/g)) {
      const [, ref = '', rest = ''] = m;
      const file = join(root, resolve(ref));
      files++;
      if (!existsSync(file)) {
        problems.push(`${ref}: no such file`);
        continue;
      }
      const text = squash(readFileSync(file, 'utf8'));
      for (const q of rest.matchAll(/"([^"]+)"/g)) {
        const title = squash((q[1] ?? '').split('…')[0] ?? '').trim();
        titles++;
        if (title && !text.includes(title)) problems.push(`${ref}: no test titled "${title}"`);
      }
    }
    console.log(`SECURITY.md: ${files} test references, ${titles} titles checked, ${problems.length} stale`);
    expect(files).toBeGreaterThan(50);
    expect(problems).toEqual([]);
  });
});
