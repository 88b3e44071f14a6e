import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import type { CompiledQuery } from 'kysely';
import { callApi } from '../tests/support/team-server';
import type { RawEngine } from './engines';
import { percentile, RATIO_TARGET } from './pairs';

/** A call the simulated operators make. */
export type Kind =
  'users search' | 'users:get' | 'audit:list page' | 'sessions:listAll' | 'users:update' | 'reset sent';

/** One phase's figures. */
export interface Phase {
  servers: number;
  requests: number;
  errors: Map<string, number>;
  times: Map<Kind, number[]>;
  raw: number[];
  seconds: number;
  /** CPU the bench's own process (operators, raw probe, SMTP server) used in the phase, ms. */
  clientCpuMs: number;
}

const ms = (n: number) => (Number.isNaN(n) ? '-' : n < 10 ? n.toFixed(2) : n.toFixed(1));

/** Prints one phase: requests, errors, p50/p95 per call, the users search beside its raw statements. */
export function printPhase(operators: number, p: Phase): void {
  const errors = [...p.errors.values()].reduce((s, n) => s + n, 0);
  process.stdout.write(
    `\nserver: ${String(p.servers)} server(s), ${String(operators)} operators, ${p.seconds.toFixed(0)} s: ${String(p.requests)} requests (${(p.requests / p.seconds).toFixed(0)}/s), errors ${String(errors)} (target 0); machine load average ${loadavg()[0]?.toFixed(1) ?? '?'}, the bench's own process used ${(p.clientCpuMs / 1000).toFixed(1)} s CPU\n`,
  );
  for (const [what, n] of p.errors) process.stdout.write(`  error x${String(n)}: ${what}\n`);
  process.stdout.write(
    `  ${'call'.padEnd(18)} ${'n'.padStart(6)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}\n`,
  );
  for (const [kind, t] of [...p.times].sort())
    process.stdout.write(
      `  ${kind.padEnd(18)} ${String(t.length).padStart(6)} ${ms(percentile(t, 50)).padStart(8)} ${ms(percentile(t, 95)).padStart(8)}\n`,
    );
  const search = p.times.get('users search') ?? [];
  const x = (q: number) => percentile(search, q) / percentile(p.raw, q);
  process.stdout.write(
    `  users search raw on PostgreSQL (same statements, same load): n ${String(p.raw.length)}, p50 ${ms(percentile(p.raw, 50))} ms, p95 ${ms(percentile(p.raw, 95))} ms\n` +
      `  users search through the server / raw: x${x(50).toFixed(1)} at p50, x${x(95).toFixed(1)} at p95 (target <= ${String(RATIO_TARGET)}x at p95: ${x(95) <= RATIO_TARGET ? 'ok' : 'OVER'})\n`,
  );
}

/** One caller, one request at a time: each search through the server, then its statements raw (no other load from this run). */
export async function quietPairs(
  url: string,
  token: string,
  raw: RawEngine,
  rawSearch: ReadonlyMap<string, CompiledQuery[]>,
): Promise<void> {
  const server: number[] = [];
  const direct: number[] = [];
  for (let round = 0; round < 3; round++)
    for (const [key, qs] of rawSearch) {
      const a = performance.now();
      const r = await callApi(url, 'users:list', JSON.parse(key), { token });
      server.push(performance.now() - a);
      if (!r.body.ok) throw new Error(`users:list failed: ${JSON.stringify(r.body)}`);
      direct.push(await raw.time(qs));
    }
  const x = (q: number) => percentile(server, q) / percentile(direct, q);
  process.stdout.write(
    `server: users search, one caller at a time (n ${String(server.length)}): through the server p50 ${ms(percentile(server, 50))} ms, p95 ${ms(percentile(server, 95))} ms; raw on PostgreSQL p50 ${ms(percentile(direct, 50))} ms, p95 ${ms(percentile(direct, 95))} ms; x${x(50).toFixed(1)} at p50, x${x(95).toFixed(1)} at p95 (target <= ${String(RATIO_TARGET)}x: ${x(95) <= RATIO_TARGET ? 'ok' : 'OVER'})\n`,
  );
}
