import { spawnSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../tests/support/services';
import { checkExportPath, ExportFileError, nestsDeeperThan, readExportLines } from './open-export';

const dir = tempDir('portcullis-open-export-');
afterAll(() => {
  removeDir(dir);
});

async function linesOf(path: string, maxLine?: number) {
  const got: string[] = [];
  const end = await readExportLines(
    path,
    (buf, s, e) => {
      got.push(buf.toString('latin1', s, e));
      return true;
    },
    { maxLine },
  );
  return { got, end };
}

describe('readExportLines', () => {
  it('gives exactly the LF-separated lines of a file larger than one read, lines spanning reads included', async () => {
    // About 9 MB of lines of random length (0 to 3000 bytes), so many lines cross the 4 MiB reads.
    const parts: string[] = [];
    let size = 0;
    let seed = 7;
    while (size < 9_000_000) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const line = String.fromCharCode(97 + (seed % 26)).repeat(seed % 3000);
      parts.push(line);
      size += line.length + 1;
    }
    const path = join(dir, 'many.txt');
    writeFileSync(path, `${parts.join('\n')}\n`);
    const { got, end } = await linesOf(path);
    expect(end).toEqual({ kind: 'done', lines: parts.length });
    expect(got.length).toBe(parts.length);
    expect(got.every((l, i) => l === parts[i])).toBe(true);
  });

  it('keeps CR bytes, gives a last line without LF, and nothing for an empty file', async () => {
    writeFileSync(join(dir, 'crlf.txt'), 'a\r\nb\r\nlast');
    expect((await linesOf(join(dir, 'crlf.txt'))).got).toEqual(['a\r', 'b\r', 'last']);
    writeFileSync(join(dir, 'empty.txt'), '');
    expect(await linesOf(join(dir, 'empty.txt'))).toEqual({ got: [], end: { kind: 'done', lines: 0 } });
  });

  it('a line of exactly maxLine bytes passes; one byte more stops at that line, with or without LF', async () => {
    writeFileSync(join(dir, 'limit.txt'), `${'x'.repeat(10)}\n${'y'.repeat(11)}\nz\n`);
    const r = await linesOf(join(dir, 'limit.txt'), 10);
    expect(r.got).toEqual(['x'.repeat(10)]);
    expect(r.end).toMatchObject({ kind: 'too-long', line: 2 });
    writeFileSync(join(dir, 'limit-eof.txt'), `ok\n${'y'.repeat(11)}`);
    expect((await linesOf(join(dir, 'limit-eof.txt'), 10)).end).toMatchObject({ kind: 'too-long', line: 2 });
  });

  it('refuses a folder, a FIFO and symlinks to devices before opening them (no hang), and a missing path', async () => {
    mkdirSync(join(dir, 'folder'));
    expect(spawnSync('mkfifo', [join(dir, 'fifo')]).status).toBe(0);
    symlinkSync('/dev/zero', join(dir, 'zero'));
    symlinkSync(join(dir, 'loop-b'), join(dir, 'loop-a'));
    symlinkSync(join(dir, 'loop-a'), join(dir, 'loop-b'));
    for (const [name, kind] of [
      ['folder', 'not-a-file'],
      ['fifo', 'not-a-file'],
      ['zero', 'not-a-file'],
      ['loop-a', 'not-a-file'],
      ['missing', 'missing'],
    ] as const) {
      const path = join(dir, name);
      expect(() => checkExportPath(path)).toThrow(ExportFileError);
      await expect(readExportLines(path, () => true)).rejects.toMatchObject({ kind });
    }
  });
});

describe('nestsDeeperThan', () => {
  it('counts brackets outside strings only, and stops at the limit', () => {
    const b = (s: string) => Buffer.from(s);
    expect(nestsDeeperThan(b('{"a":[1,{"b":[]}]}'), 4)).toBe(false);
    expect(nestsDeeperThan(b('{"a":[1,{"b":[]}]}'), 3)).toBe(true);
    expect(nestsDeeperThan(b('{"a":"[[[[[[[[\\"[[[["}'), 1)).toBe(false);
    expect(nestsDeeperThan(b(`${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`), 64)).toBe(true);
  });
});
