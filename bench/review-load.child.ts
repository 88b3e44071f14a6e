/**
 * Offline review load, measured step by step in its own process (peak memory is its own):
 *   node review-load.cjs gen N FILE              writes a signed export of N varied events
 *   node review-load.cjs verify FILE             verifyExportFile alone
 *   node review-load.cjs review FILE WORKER DIR  ReviewService as the window drives it
 * Prints one JSON line. Driven by bench/review-load.ts (and usable by bench/audit.bench.ts).
 */
import { createWriteStream, readFileSync } from 'node:fs';
import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import {
  eventLine,
  fingerprintOf,
  headerLine,
  manifestLine,
  sha256Hex,
  signedText,
} from '../electron/main/services/audit/export-format';
import { verifyExportFile } from '../electron/main/services/audit/verify';
import { ReviewService } from '../electron/main/services/review/review.service';

/** Peak resident memory of this process in MB (VmHWM). */
export function peakMb(): number {
  const kb = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
  return kb ? Number(kb) / 1024 : process.resourceUsage().maxRSS / 1024;
}

const CODES = [
  'user:logged_in',
  'user:login_failed',
  'user:logged_out',
  'user:password_changed',
  'admin:user_blocked',
];
const NAMES = ['sam.example', 'ana.müller', 'li.wei', 'o"brien', 'zoë', 'kim'];

async function gen(n: number, out: string): Promise<void> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const h = headerLine({
    exportedAt: '2026-12-01T00:00:00.000Z',
    exportedBy: 'bench',
    filter: {},
    publicKey: der.toString('base64'),
    fingerprint: fingerprintOf(der),
  } as never).replace('"version":2', '"version":1');
  const ws = createWriteStream(out);
  const headerHash = sha256Hex(h);
  let prev = headerHash;
  let buf = `${h}\n`;
  for (let i = 1; i <= n; i++) {
    const u = NAMES[i % NAMES.length] ?? null;
    const r = eventLine(prev, i, {
      id: i * 2,
      at: new Date(Date.UTC(2026, 0, 1) + i * 997).toISOString(),
      code: CODES[(i * 7) % CODES.length] ?? '',
      message: `${u ?? '?'} signed in from Berlin with a password (${i % 13} tries)`,
      actor_id: i % 11 === 0 ? null : (i % 900) + 1,
      actor_name: i % 11 === 0 ? null : u,
      subject_id: (i % 700) + 1,
      subject_name: u,
      ip: `81.2.${i % 250}.${(i * 31) % 250}`,
      session_hash: sha256Hex(String(i % 5000)).slice(0, 16),
      location: i % 5 ? 'Berlin, DE' : 'Zürich, CH',
      device_type: 'desktop',
      browser: 'Firefox 140',
      os: 'Linux',
      details:
        i % 17
          ? `{"method":"password","attempt":${i % 9}}`
          : '{"reason":"a \\"quoted\\" note","list":[1,2,{"x":null}]}',
      hash: sha256Hex(String(i)),
    });
    prev = r.hash;
    buf += `${r.line}\n`;
    if (buf.length > 1 << 20) {
      if (!ws.write(buf))
        await new Promise<void>((res) => {
          ws.once('drain', () => {
            res();
          });
        });
      buf = '';
    }
  }
  const sig = sign(null, Buffer.from(signedText(headerHash, prev, n, 1)), privateKey).toString('base64');
  buf += `${manifestLine({ count: n, headerHash, finalHash: prev, signature: sig })}\n`;
  await new Promise<void>((res) => ws.end(buf, res));
}

async function review(file: string, worker: string, dir: string): Promise<Record<string, unknown>> {
  const service = new ReviewService({ workerScript: worker, dataDir: dir, tempBase: dir });
  const loop = monitorEventLoopDelay({ resolution: 10 });
  const started = performance.now();
  loop.enable();
  const { id } = await service.start(file);
  let firstRowsMs = NaN;
  let verdictMs = NaN;
  let verdictCpuMs = NaN;
  const cpu0 = process.cpuUsage();
  let pageMs = 0;
  let rssLoadMb = 0;
  let rssFillMb = 0;
  for (;;) {
    const st = service.status(id);
    // Resident memory sampled at each poll: while verifying (up to the verdict), then while filling.
    const rss = process.memoryUsage.rss() / (1024 * 1024);
    if (Number.isNaN(verdictMs)) rssLoadMb = Math.max(rssLoadMb, rss);
    else rssFillMb = Math.max(rssFillMb, rss);
    if (st.verdict && Number.isNaN(verdictMs)) {
      verdictMs = performance.now() - started;
      // Both threads' CPU time until then: the work, whatever else the machine is doing.
      const c = process.cpuUsage(cpu0);
      verdictCpuMs = (c.user + c.system) / 1000;
    }
    if (Number.isNaN(firstRowsMs) || st.state === 'loading') {
      // The window pages while loading: the newest page, as the list does.
      const s = performance.now();
      const page = await service.page(id, { filter: {}, pageSize: 50 });
      pageMs = Math.max(pageMs, performance.now() - s);
      if (page.items.length > 0 && Number.isNaN(firstRowsMs)) firstRowsMs = performance.now() - started;
    }
    if (st.state !== 'loading') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  const st = await service.settled(id);
  const doneMs = performance.now() - started;
  loop.disable();
  // Usable after the verdict: paging by id down to the oldest row.
  const last = await service.page(id, { filter: {}, before: 3, pageSize: 5 });
  await service.close(id);
  return {
    status: st.verdict?.status ?? st.state,
    loaded: st.loaded,
    oldest: last.items.at(-1)?.id ?? null,
    firstRowsMs,
    verdictMs,
    verdictCpuMs,
    rssLoadMb,
    rssFillMb,
    doneMs,
    maxPageMs: pageMs,
    stallMs: loop.max / 1e6,
    stallP99Ms: loop.percentile(99) / 1e6,
  };
}

async function main(): Promise<void> {
  const [mode = '', a = '', b = '', c = ''] = process.argv.slice(2);
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  let detail: Record<string, unknown> = {};
  if (mode === 'gen') await gen(Number(a), b);
  else if (mode === 'verify') detail = { status: (await verifyExportFile(a)).status };
  else if (mode === 'review') detail = await review(a, b, c);
  else throw new Error(`unknown mode ${mode}`);
  const ms = performance.now() - started;
  const cpu = process.cpuUsage(cpu0);
  process.stdout.write(
    `${JSON.stringify({ mode, ms, cpuMs: (cpu.user + cpu.system) / 1000, peakMb: peakMb(), ...detail })}\n`,
  );
}

void main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
