/**
 * One measured step of the audit bench, in its own process so peak memory is its own:
 * `tsx bench/audit.child.ts export|verify|review DB FILE`. Prints one JSON line.
 */
import { readFileSync } from 'node:fs';
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
    started = performance.now();
    cpu0 = process.cpuUsage();
    const review = new ReviewService();
    const r = await review.load(file);
    const page = await review.page(r.id, { filter: {}, pageSize: 50 });
    detail = { status: r.verdict.status, firstRows: page.items.length };
    await review.close(r.id);
  }
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  // maxRSS is in kilobytes.
  process.stdout.write(`${JSON.stringify({ ms, cpuMs, peakMb: peakMb(), ...detail })}\n`);
}

void main().catch((e: unknown) => {
  process.stderr.write(`${String(e)}\n`);
  process.exitCode = 1;
});
