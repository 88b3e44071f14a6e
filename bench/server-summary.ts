import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { percentile, RATIO_TARGET } from './pairs';
import type { Phase } from './server-report';

/** CPU time (ms) the PostgreSQL server at `dir` has used: the postmaster, its reaped children and the live ones. */
export function pgCpuMs(dir: string): number {
  try {
    const postmaster = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
    const ticks = (pid: string, withChildren: boolean) => {
      const f = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      // Fields after "comm": state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14).
      const own = Number(f[11]) + Number(f[12]);
      return { ppid: Number(f[1]), t: withChildren ? own + Number(f[13]) + Number(f[14]) : own };
    };
    let total = ticks(String(postmaster), true).t;
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      try {
        const t = ticks(pid, false);
        if (t.ppid === postmaster) total += t.t;
      } catch {
        // Gone meanwhile.
      }
    }
    return total * 10; // 100 clock ticks a second on Linux
  } catch {
    return NaN;
  }
}

/** One phase's figures with the PostgreSQL server's CPU over it. */
export interface Row {
  pool: number;
  phase: Phase;
  pgMs: number;
}

/** The summary table: pool 1 beside pool N, one server and two. */
export function printSummary(rows: readonly Row[]): void {
  const f = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1)).padStart(6);
  process.stdout.write(
    `\nserver: summary (users search through the server beside the same statements raw on PostgreSQL, same load; target <= ${String(RATIO_TARGET)}x at p95)\n  pool servers  req/s errors  search p50    p95  raw p50    p95  x p50  x p95        CPU per request: PostgreSQL, bench client\n`,
  );
  for (const { pool, phase: p, pgMs } of rows) {
    const t = p.times.get('users search') ?? [];
    const [s50, s95, r50, r95] = [
      percentile(t, 50),
      percentile(t, 95),
      percentile(p.raw, 50),
      percentile(p.raw, 95),
    ];
    const errors = [...p.errors.values()].reduce((sum, n) => sum + n, 0);
    process.stdout.write(
      `  ${String(pool).padStart(4)} ${String(p.servers).padStart(7)} ${(p.requests / p.seconds).toFixed(0).padStart(6)} ${String(errors).padStart(6)}  ${f(s50)} ${f(s95)}   ${f(r50)} ${f(r95)} ${(s50 / r50).toFixed(1).padStart(5)}x ${(s95 / r95).toFixed(1).padStart(5)}x ${(s95 / r95 <= RATIO_TARGET ? 'ok' : 'OVER').padEnd(4)}  ${(pgMs / p.requests).toFixed(1)} ms (${(pgMs / 1000 / p.seconds).toFixed(2)} cores), ${(p.clientCpuMs / p.requests).toFixed(1)} ms\n`,
    );
  }
}
