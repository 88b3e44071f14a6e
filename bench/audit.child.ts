/**
 * One measured step of the audit bench, in its own process so peak memory is its own:
 * `node audit-child.cjs export|verify|review DB FILE [WORKER DATA_DIR]`. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { createContainer } from '../electron/main/container';
import { KeytarKeychain } from '../electron/main/adapters/keytar.keychain';
import { verifyExportFile } from '../electron/main/services/audit/verify';
import { ReviewService } from '../electron/main/services/review/review.service';

/** Peak resident memory of this process in MB (VmHWM; ru_maxrss would include the parent's peak). */
function peakMb(): number {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return process.resourceUsage().maxRSS / 1024;
}

async function main(): Promise<void> {
  const [mode, db, file] = process.argv.slice(2) as [string, string, string];
  let started = 0;
  let cpu0 = process.cpuUsage();
  let detail: Record<string, unknown> = {};
  if (mode === 'export') {
    const c = await createContainer({ dbPath: db, keychain: new KeytarKeychain('Portcullis-bench') });
    started = performance.now();
    cpu0 = process.cpuUsage();
    const r = await c.services.auditExport.run({
      filter: {},
      format: 'jsonl',
      out: file,
      actor: null,
      client: null,
      exportedBy: 'bench',
    });
    detail = { events: r.events };
    await c.close();
  } else if (mode === 'verify') {
    started = performance.now();
    cpu0 = process.cpuUsage();
    const v = await verifyExportFile(file);
    detail = { status: v.status };
  } else {
    // The offline review as the window drives it: start, poll status and the first page every
    // 50 ms until rows show, then until the verdict; the main thread's event loop is watched.
    const review = new ReviewService({
      workerScript: process.argv[5],
      dataDir: process.argv[6],
      tempBase: process.argv[6],
    });
    const loop = monitorEventLoopDelay({ resolution: 10 });
    started = performance.now();
    cpu0 = process.cpuUsage();
    loop.enable();
    const { id } = await review.start(file);
    let firstRowsMs = NaN;
    // The verdict is out when every verified row pages by id; 'done' adds the filter indexes.
    let verdictMs = NaN;
    for (;;) {
      const st = review.status(id);
      if (st.verdict && Number.isNaN(verdictMs)) verdictMs = performance.now() - started;
      if (Number.isNaN(firstRowsMs)) {
        const page = await review.page(id, { filter: {}, pageSize: 50 });
        if (page.items.length > 0) firstRowsMs = performance.now() - started;
      }
      if (st.state !== 'loading') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const st = await review.settled(id);
    loop.disable();
    detail = {
      status: st.verdict?.status ?? st.state,
      loaded: st.loaded,
      firstRowsMs,
      stallMs: loop.max / 1e6,
      stallP99Ms: loop.percentile(99) / 1e6,
    };
    const endMs = performance.now() - started;
    await review.close(id);
    detail.completeMs = Number.isNaN(verdictMs) ? endMs : verdictMs;
    detail.doneMs = endMs;
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, peakMb: peakMb(), ...detail })}\n`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exitCode = 1;
});
