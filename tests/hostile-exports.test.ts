import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWithReviewWorker } from './support/review-worker-bundle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OfflineGeoLookup } from '../electron/main/adapters/geo';
import { generateDemo } from '../electron/main/services/audit/demo';
import { removeDir, startServices, tempDir } from './support/services';
import { bundleCli } from './support/cli-bundle';
import { resign } from './support/export-resign';

/**
 * Item 9 of issue 18: an export is untrusted input. Each hostile file goes to `audit verify`,
 * `portcullis review` and the review service (with its worker thread), each in a child process
 * whose peak resident memory is measured; every one must be refused or reviewed without a
 * crash, a hang or more than 200 MB, and nothing in a file may run.
 */
const root = join(__dirname, '..');
const dir = tempDir('portcullis-hostile-');
const files = join(dir, 'files');
const cache = join(root, `node_modules/.cache/portcullis-test/hostile-${process.pid}`);
const MARKER = join(dir, 'ran-something');
const LIMIT_MB = 200;
let cliScript = '';
const rssPreload = join(dir, 'rss.cjs');

/** Hostile files by name; each is made in beforeAll. */
const cases: Record<string, () => void> = {};
let exportText = Buffer.alloc(0);

function resigned(name: string, edit: (line: string) => string, organisation?: string): void {
  const out = resign(exportText, undefined, {
    organisation,
    edit: (ev) => ev.map((l, i) => (i === 3 ? edit(l) : l)),
  });
  writeFileSync(join(files, name), out.bytes);
}
const setDetails = (l: string, details: string) =>
  l.replace(/"details":.*,"rowHash"/, `"details":${details},"rowHash"`);
const setMessage = (l: string, latin1: string) => l.replace(/"message":"[^"]*"/, `"message":"${latin1}"`);

cases['long-line-100mb-header.jsonl'] = () => {
  writeFileSync(join(files, 'long-line-100mb-header.jsonl'), Buffer.alloc(100 << 20, 0x61));
};
cases['long-line-100mb-event.jsonl'] = () => {
  const header = exportText.subarray(0, exportText.indexOf(10) + 1);
  writeFileSync(
    join(files, 'long-line-100mb-event.jsonl'),
    Buffer.concat([header, Buffer.alloc(100 << 20, 0x78), Buffer.from('\n')]),
  );
};
cases['deep-arrays.jsonl'] = () => {
  resigned('deep-arrays.jsonl', (l) => setDetails(l, `${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}`));
};
cases['deep-objects.jsonl'] = () => {
  resigned('deep-objects.jsonl', (l) => setDetails(l, `${'{"a":'.repeat(300_000)}1${'}'.repeat(300_000)}`));
};
cases['invalid-utf8.jsonl'] = () => {
  resigned('invalid-utf8.jsonl', (l) => setMessage(l, 'bad \xff\xfe \xc0\x80 \xed\xa0\x80 end'));
};
cases['nul-bytes-in-line.jsonl'] = () => {
  resigned('nul-bytes-in-line.jsonl', (l) => setMessage(l, 'a\x00b\x00\x00c'));
};
cases['nul-only-9mb.jsonl'] = () => {
  writeFileSync(join(files, 'nul-only-9mb.jsonl'), Buffer.alloc(9 << 20));
};
cases['ten-million-empty-lines.jsonl'] = () => {
  writeFileSync(join(files, 'ten-million-empty-lines.jsonl'), Buffer.alloc(10_000_000, 0x0a));
};
cases['export-then-ten-million-lines.jsonl'] = () => {
  writeFileSync(
    join(files, 'export-then-ten-million-lines.jsonl'),
    Buffer.concat([exportText, Buffer.alloc(10_000_000, 0x0a)]),
  );
};
cases['markup-and-shell.jsonl'] = () => {
  const payload = `<img src=x onerror=\\"require('child_process').execSync('touch ${MARKER}')\\"><script>alert(1)</script>`;
  resigned('markup-and-shell.jsonl', (l) => setMessage(l, payload), `$(touch ${MARKER})\`touch ${MARKER}\``);
};
cases['fifo.jsonl'] = () => {
  expect(spawnSync('mkfifo', [join(files, 'fifo.jsonl')]).status).toBe(0);
};
cases['link-to-dev-zero.jsonl'] = () => {
  symlinkSync('/dev/zero', join(files, 'link-to-dev-zero.jsonl'));
};
cases['link-to-dev-urandom.jsonl'] = () => {
  symlinkSync('/dev/urandom', join(files, 'link-to-dev-urandom.jsonl'));
};
cases['empty.jsonl'] = () => {
  writeFileSync(join(files, 'empty.jsonl'), '');
};
cases['a-folder.jsonl'] = () => {
  mkdirSync(join(files, 'a-folder.jsonl'));
};

interface Run {
  code: number | null;
  signal: string | null;
  out: string;
  err: string;
  rssMb: number;
}

/** Runs the bundled CLI on a file with a 30 s limit (a hang shows as a signal, not a pass). */
function cliRun(args: string[]): Run {
  const rssFile = join(dir, `rss-${Math.random().toString(36).slice(2)}`);
  const r = spawnSync(process.execPath, ['-r', rssPreload, cliScript, ...args], {
    cwd: root,
    encoding: 'utf8',
    timeout: 30_000,
    env: { ...process.env, PORTCULLIS_USER_DATA: join(dir, 'user-data'), PORTCULLIS_TEST_RSS_OUT: rssFile },
  });
  const rssMb = existsSync(rssFile) ? Number(readFileSync(rssFile, 'utf8')) / 1024 : NaN;
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr, rssMb };
}

const summary = { cases: 0, runs: 0, crashes: 0, maxRssMb: 0, cliMaxRssMb: 0 };
const names = () => Object.keys(cases);

beforeAll(async () => {
  mkdirSync(files);
  mkdirSync(join(dir, 'user-data'));
  writeFileSync(
    rssPreload,
    // VmHWM is this process's own peak; ru_maxrss after exec still holds the forking parent's.
    "const fs = require('fs');\nprocess.on('exit', () => fs.writeFileSync(process.env.PORTCULLIS_TEST_RSS_OUT, /VmHWM:\\s+(\\d+)/.exec(fs.readFileSync('/proc/self/status', 'utf8'))[1]));\n",
  );
  cliScript = bundleCli('hostile');
  const app = await startServices({ dir, keychainService: 'Portcullis' });
  await generateDemo(app.container.database.sqlite, new OfflineGeoLookup(), {
    users: 4,
    events: 20,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    now: new Date('2026-11-01T00:00:00Z'),
  });
  await app.close();
  const exp = spawnSync(
    process.execPath,
    [cliScript, 'audit', 'export', '--out', join(dir, 'real.jsonl'), '--db', join(dir, 'portcullis.db')],
    { cwd: root, encoding: 'utf8' },
  );
  expect(exp.stderr).toBe('');
  exportText = readFileSync(join(dir, 'real.jsonl'));
  for (const make of Object.values(cases)) make();
  bundleWithReviewWorker(
    `portcullis-test/hostile-${process.pid}`,
    'child',
    join(__dirname, 'support/hostile-review-child.ts'),
  );
}, 60_000);

afterAll(() => {
  process.stdout.write(
    `hostile exports: ${summary.cases} cases, ${summary.runs} runs, crashes=${summary.crashes}, max RSS ${summary.maxRssMb.toFixed(0)} MB (CLI ${summary.cliMaxRssMb.toFixed(0)} MB; limit ${LIMIT_MB} MB)\n`,
  );
  removeDir(dir);
  rmSync(cache, { recursive: true, force: true });
  rmSync(cliScript, { force: true });
});

/** No crash: an exit code the CLI documents, no signal, no stack trace, no "internal error". */
function expectNoCrash(name: string, what: string, r: Run): void {
  summary.runs++;
  const crashed =
    r.signal !== null ||
    r.code === null ||
    ![0, 1, 2, 4].includes(r.code) ||
    /internal error|\n\s+at /.test(r.err);
  if (crashed) summary.crashes++;
  expect({ name, what, crashed, code: r.code, signal: r.signal, err: r.err.slice(0, 300) }).toMatchObject({
    crashed: false,
  });
  summary.maxRssMb = Math.max(summary.maxRssMb, r.rssMb);
  summary.cliMaxRssMb = Math.max(summary.cliMaxRssMb, r.rssMb);
  expect({ name, what, rssMb: r.rssMb <= LIMIT_MB }).toEqual({ name, what, rssMb: true });
}

describe('hostile export files', () => {
  it('audit verify and portcullis review refuse or review each one without a crash, within 200 MB', () => {
    const codes = new Map<string, number | null>();
    for (const name of names()) {
      summary.cases++;
      const path = join(files, name);
      const verify = cliRun(['audit', 'verify', path]);
      codes.set(name, verify.code);
      expectNoCrash(name, 'audit verify', verify);
      const review = cliRun(['review', path]);
      expectNoCrash(name, 'review', review);
      expect([name, review.code]).toEqual([name, verify.code]);
      // Terminal output never carries the file's control characters.
      // eslint-disable-next-line no-control-regex -- the point is that none reach the terminal
      expect(`${verify.out}${review.out}`).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    }
    const byName = (name: string) => codes.get(name);
    for (const special of [
      'fifo.jsonl',
      'link-to-dev-zero.jsonl',
      'link-to-dev-urandom.jsonl',
      'a-folder.jsonl',
    ])
      expect([special, byName(special)]).toEqual([special, 2]);
    expect(byName('long-line-100mb-event.jsonl')).toBe(1);
    expect(byName('deep-arrays.jsonl')).toBe(4);
    expect(existsSync(MARKER)).toBe(false);
  }, 120_000);

  it('the review service (worker thread) refuses or reviews each one without a crash, within 200 MB', () => {
    const report: string[] = [];
    const problems: unknown[] = [];
    for (const name of names()) {
      // One process per file, so each peak is that file's.
      const r = spawnSync(
        process.execPath,
        [
          join(cache, 'child.cjs'),
          join(cache, 'review-worker.cjs'),
          join(dir, 'user-data'),
          dir,
          join(files, name),
        ],
        { cwd: root, encoding: 'utf8', timeout: 30_000 },
      );
      summary.runs++;
      const lines = r.stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l) as { outcome?: string; detail?: string; maxRssMb?: number });
      const x = lines[0] ?? {};
      const rss = lines.at(-1)?.maxRssMb ?? NaN;
      const crashed =
        r.status !== 0 ||
        r.signal !== null ||
        !['refused', 'done', 'failed'].includes(x.outcome ?? '') ||
        /\n\s+at /.test(`${x.detail ?? ''}${r.stderr}`);
      if (crashed) summary.crashes++;
      summary.maxRssMb = Math.max(summary.maxRssMb, rss);
      if (crashed || !(rss <= LIMIT_MB))
        problems.push({
          name,
          crashed,
          rssMb: Math.round(rss),
          status: r.status,
          err: r.stderr.slice(0, 300),
        });
      report.push(`  service ${name}: ${x.outcome ?? ''} (${x.detail ?? ''}), ${rss.toFixed(0)} MB`);
    }
    process.stdout.write(`${report.join('\n')}\n`);
    expect(problems).toEqual([]);
    expect(existsSync(MARKER)).toBe(false);
  }, 120_000);
});
