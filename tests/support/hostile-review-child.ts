/**
 * One process that feeds files to the review service (with its real worker thread) and prints,
 * per file, one JSON line {file, outcome, detail}; the last line is {maxRssMb} (this process,
 * worker thread included). Run bundled by
 * tests/hostile-exports.test.ts: `node child.cjs WORKER DATA_DIR TEMP_BASE FILE...`.
 */
import { readFileSync } from 'node:fs';
import { ReviewService } from '../../electron/main/services/review/review.service';

async function main(): Promise<void> {
  const [workerScript, dataDir, tempBase, ...files] = process.argv.slice(2) as [
    string,
    string,
    string,
    ...string[],
  ];
  const service = new ReviewService({ workerScript, dataDir, tempBase });
  for (const file of files) {
    let outcome: string;
    let detail: string;
    try {
      const { id } = await service.start(file);
      const s = await service.settled(id);
      outcome = s.state;
      detail = s.verdict
        ? `${s.verdict.status}${'line' in s.verdict ? ` line ${s.verdict.line}` : ''}`
        : (s.error ?? '');
      // A page of what was loaded, as the window would ask for.
      await service.page(id, { filter: {}, pageSize: 50 });
      await service.close(id);
    } catch (e) {
      outcome = 'refused';
      detail = e instanceof Error ? e.message : String(e);
    }
    process.stdout.write(`${JSON.stringify({ file, outcome, detail })}\n`);
  }
  // VmHWM: this process's own peak (ru_maxrss after exec still holds the forking parent's).
  const kb = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  process.stdout.write(`${JSON.stringify({ maxRssMb: Number(kb) / 1024 })}\n`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
