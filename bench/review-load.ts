/**
 * Offline review load vs verify alone, same file, same run, alternated (issue 18 item 10):
 *   npx tsx bench/review-load.ts [EVENTS=200000] [FILE]
 * The child and the review worker are bundled to plain JS (as in the built app). Prints a table.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWithReviewWorker } from '../tests/support/review-worker-bundle';

const root = join(__dirname, '..');

/** Bundles the child and the worker into node_modules/.cache (native modules stay external). */
export function bundleReviewLoad(): { script: string; worker: string } {
  return bundleWithReviewWorker(
    'portcullis-review-load',
    'review-load',
    join(__dirname, 'review-load.child.ts'),
  );
}

/** Runs one child step and returns its JSON line. */
export function reviewLoadStep(script: string, ...args: string[]): Record<string, number | string> {
  const r = spawnSync(process.execPath, [script, ...args], { cwd: root, encoding: 'utf8' });
  if (process.env.REVIEW_LOAD_DEBUG) process.stderr.write(r.stderr);
  if (r.status !== 0) throw new Error(`review-load ${args[0] ?? ''} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number | string>;
}

function main(): void {
  const events = Number(process.argv[2] ?? 200_000);
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-review-load-'));
  const file = process.argv[3] ?? join(dir, `export-${events}.jsonl`);
  try {
    const { script, worker } = bundleReviewLoad();
    if (!existsSync(file)) reviewLoadStep(script, 'gen', String(events), file);
    const rounds = Number(process.env.ROUNDS ?? 2);
    // BASE_WORKER: a second worker bundle (e.g. an earlier commit's) measured in the same rounds.
    const workers = [worker, ...(process.env.BASE_WORKER ? [process.env.BASE_WORKER] : [])];
    for (let i = 0; i < rounds * workers.length; i++) {
      const w = workers[i % workers.length] ?? worker;
      const v = reviewLoadStep(script, 'verify', file);
      const r = reviewLoadStep(script, 'review', file, w, dir);
      if (workers.length > 1) process.stdout.write(w === worker ? '[this tree] ' : '[base] ');
      const n = (k: string, o: Record<string, number | string> = r) => Number(o[k]);
      process.stdout.write(
        `round ${Math.floor(i / workers.length) + 1}: verify ${(n('ms', v) / 1000).toFixed(2)} s (cpu ${(n('cpuMs', v) / 1000).toFixed(2)})` +
          ` | review ${String(r.status)} loaded ${String(r.loaded)} oldest ${String(r.oldest)}` +
          ` first rows ${(n('firstRowsMs') / 1000).toFixed(2)} s, verdict ${(n('verdictMs') / 1000).toFixed(2)} s` +
          ` (${(n('verdictMs') / n('ms', v)).toFixed(2)}x; cpu ${(n('verdictCpuMs') / 1000).toFixed(2)} s,` +
          ` ${(n('verdictCpuMs') / n('cpuMs', v)).toFixed(2)}x verify's), done ${(n('doneMs') / 1000).toFixed(2)} s` +
          ` (${(n('doneMs') / n('ms', v)).toFixed(2)}x), cpu ${(n('cpuMs') / 1000).toFixed(2)} s,` +
          ` stall ${n('stallMs').toFixed(0)} ms (p99 ${n('stallP99Ms').toFixed(0)}), page max ${n('maxPageMs').toFixed(0)} ms,` +
          ` peak ${n('peakMb').toFixed(0)} MB (sampled: ${n('rssLoadMb').toFixed(0)} MB to the verdict,` +
          ` ${n('rssFillMb').toFixed(0)} MB after; verify ${n('peakMb', v).toFixed(0)} MB)\n`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) main();
