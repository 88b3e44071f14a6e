import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Whoever clones the repository gets nothing else: comments and docs may cite only files inside
 * it (docs/product.md, docs/architecture.md, SECURITY.md), never planning documents or source
 * pages that live elsewhere.
 */
const OUTSIDE = [
  /\bPRODUCT\.md\b/,
  /\bSTYLE\.md\b/,
  /\bseeds?\s+0\d\d\b/i,
  /\bseeds\//,
  /\.\.\/shared\/(?!ipc|domain|result)/,
  /\/work\/(shared|main|notes)\b/,
];

describe('the repository stands alone', () => {
  it('no tracked file points to documents outside the repository', () => {
    const root = join(__dirname, '..');
    const files = execFileSync('git', ['ls-files'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !f.endsWith('package-lock.json') && !/\.(png|ico|icns|jpg|woff2?)$/.test(f))
      .filter((f) => f !== 'tests/repository-stands-alone.test.ts');
    const hits: string[] = [];
    for (const file of files) {
      const lines = readFileSync(join(root, file), 'utf8').split('\n');
      lines.forEach((line, i) => {
        if (OUTSIDE.some((re) => re.test(line))) hits.push(`${file}:${String(i + 1)}: ${line.trim()}`);
      });
    }
    console.log(
      `repository stands alone: ${files.length} tracked files scanned, ${hits.length} outside references`,
    );
    expect(hits).toEqual([]);
  });
});
