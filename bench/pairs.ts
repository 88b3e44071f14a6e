import type { Engine } from '../electron/main/db/pg-target';

/** One measured figure: the IPC call's times beside the same statements run raw on the same engine. */
export interface Pair {
  engine: Engine;
  name: string;
  ipc: number[];
  raw: number[];
}

/** The IPC page may cost at most this many times the raw query (issue 14). */
export const RATIO_TARGET = 3;

/** p-th percentile (0..100) of the numbers. */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;
}

const ms = (n: number) => (n < 10 ? n.toFixed(2) : n.toFixed(1)).padStart(7);

/**
 * Prints pairs as a table: engine, figure, count, IPC p50/p95, raw p50/p95 and IPC / raw at
 * p50 (the ratio the target applies to) and p95, with "ok" or "OVER" against the target.
 */
export function printPairs(pairs: readonly Pair[]): void {
  const w = Math.max(30, ...pairs.map((p) => p.name.length));
  const head = `${'engine'.padEnd(8)} ${'figure'.padEnd(w)} ${'n'.padStart(4)}  ${'IPC p50'.padStart(7)} ${'p95'.padStart(7)}  ${'raw p50'.padStart(7)} ${'p95'.padStart(7)}  ${'x p50'.padStart(6)} ${'x p95'.padStart(6)}  target <= ${RATIO_TARGET}x`;
  process.stdout.write(`${head}\n${'-'.repeat(head.length)}\n`);
  for (const p of pairs) {
    const [i50, i95, r50, r95] = [
      percentile(p.ipc, 50),
      percentile(p.ipc, 95),
      percentile(p.raw, 50),
      percentile(p.raw, 95),
    ];
    const x50 = i50 / r50;
    process.stdout.write(
      `${p.engine.padEnd(8)} ${p.name.padEnd(w)} ${String(p.ipc.length).padStart(4)}  ${ms(i50)} ${ms(i95)}  ${ms(r50)} ${ms(r95)}  ${x50.toFixed(1).padStart(5)}x ${(i95 / r95).toFixed(1).padStart(5)}x  ${x50 <= RATIO_TARGET ? 'ok' : 'OVER'}\n`,
    );
  }
  process.stdout.write(
    '(milliseconds; raw = the same statements the IPC call ran, on the driver, same engine, same run)\n',
  );
}
