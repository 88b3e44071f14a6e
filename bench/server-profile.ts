import { Session } from 'node:inspector/promises';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { contract } from '../shared/ipc/contract';
import { KeyFileKeychain } from '../electron/main/adapters/key-file.keychain';
import { MemoryLogger } from '../electron/main/adapters/logger';
import { startServer } from '../electron/main/server';
import { callApi } from '../tests/support/team-server';
import { percentile } from './pairs';

interface Statement {
  sql: string;
  ms: number;
}

const ms = (n: number) => (Number.isNaN(n) ? '-' : n < 10 ? n.toFixed(2) : n.toFixed(1));
const med = (xs: readonly number[]) => percentile(xs, 50);

/** Every statement any pg client of this process runs while `recording` is set, with its time. */
function recordStatements(): { start(): void; stop(): Statement[]; restore(): void } {
  const proto = pg.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const original = proto.query;
  let log: Statement[] | null = null;
  proto.query = function (this: unknown, ...args: unknown[]) {
    const a = performance.now();
    const r = original.apply(this, args);
    const into = log;
    const first = args[0];
    const text = typeof first === 'string' ? first : ((first as { text?: string } | null)?.text ?? '');
    if (into && r instanceof Promise)
      r.then(
        () => into.push({ sql: text, ms: performance.now() - a }),
        () => undefined,
      );
    return r;
  };
  return {
    start: () => {
      log = [];
    },
    stop: () => {
      const got = log ?? [];
      log = null;
      return got;
    },
    restore: () => {
      proto.query = original;
    },
  };
}

/** A short name for a statement: its verb and first table. */
function label(sql: string): string {
  const s = sql.replace(/\s+/g, ' ').trim();
  const verb = /^\w+/.exec(s)?.[0]?.toUpperCase() ?? '?';
  const table = /(?:from|update|into)\s+"?(\w+)"?/i.exec(s)?.[1] ?? '';
  return `${verb} ${table}`.trim();
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Which part of the stack a sampled function belongs to. */
function area(url: string, fn: string): string {
  if (!url) return fn.startsWith('(') ? fn : 'native / V8';
  const rules: [RegExp, string][] = [
    [/undici|internal\/fetch|internal\/deps/, 'the bench client (fetch)'],
    [/node_modules\/kysely/, 'Kysely (build, compile, results)'],
    [/node_modules\/pg/, 'pg driver (protocol)'],
    [/node_modules\/zod/, 'zod (parse)'],
    [/electron\/main\/server/, 'server transport (HTTP, auth, logs)'],
    [/electron\/main\/ipc/, 'IPC pipeline'],
    [/electron\/main\/(services|db)/, 'services and repositories'],
    [/node:|internal\//, 'Node core (net, http, streams, timers)'],
  ];
  return rules.find(([re]) => re.test(url))?.[1] ?? 'other';
}

/** CPU profile of `work` (this process: the in-process server and the client calling it), by area. */
async function cpuByArea(work: () => Promise<number>): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const cpu0 = process.cpuUsage();
  const n = await work();
  const cpu = process.cpuUsage(cpu0);
  const { profile } = (await session.post('Profiler.stop')) as unknown as {
    profile: { nodes: ProfileNode[] };
  };
  session.disconnect();
  const by = new Map<string, number>();
  let all = 0;
  for (const node of profile.nodes) {
    const hits = node.hitCount ?? 0;
    if (node.callFrame.functionName === '(idle)' || hits === 0) continue;
    const k = area(node.callFrame.url, node.callFrame.functionName);
    by.set(k, (by.get(k) ?? 0) + hits);
    all += hits;
  }
  const perRequest = (cpu.user + cpu.system) / 1000 / n;
  process.stdout.write(
    `  CPU of this process per users search (server and client together): ${ms(perRequest)} ms; sampled, by area:\n`,
  );
  for (const [k, hits] of [...by].sort((x, y) => y[1] - x[1]))
    process.stdout.write(
      `      ${k.padEnd(38)} ${((100 * hits) / all).toFixed(0).padStart(3)}%  ~${ms((perRequest * hits) / all)} ms\n`,
    );
}

/**
 * Where one users search's time goes, one caller at a time on a quiet in-process server with one
 * connection: the HTTP round trip alone (/health), a channel with a session and nothing else
 * (auth:me), the search; each request's statements with their times; zod parse and JSON alone.
 */
export async function profileSearch(
  url: string,
  keyFile: string,
  token: string,
  payloads: readonly object[],
): Promise<void> {
  const server = await startServer({
    db: url,
    listen: '127.0.0.1:0',
    keychain: new KeyFileKeychain(keyFile),
    logger: new MemoryLogger(),
    accessLog: new MemoryLogger(),
    background: false,
    // One caller making a few hundred calls: the rate limits would measure themselves.
    limits: { perClient: { burst: 1e6, perSecond: 1e6 }, perPrincipal: { burst: 1e6, perSecond: 1e6 } },
  });
  const rec = recordStatements();
  try {
    const health: number[] = [];
    for (let i = 0; i < 60; i++) {
      const a = performance.now();
      await (await fetch(`${server.url}/health`)).text();
      health.push(performance.now() - a);
    }
    const runs = async (channel: string, list: readonly (object | undefined)[]) => {
      const total: number[] = [];
      const db: number[] = [];
      const per = new Map<string, number[]>();
      let bytes = 0;
      for (let round = 0; round < 3; round++)
        for (const payload of list) {
          rec.start();
          const a = performance.now();
          const r = await callApi(server.url, channel, payload, { token });
          total.push(performance.now() - a);
          const statements = rec.stop();
          if (!r.body.ok) throw new Error(`${channel} failed: ${JSON.stringify(r.body)}`);
          bytes = Math.max(bytes, JSON.stringify(r.body).length);
          db.push(statements.reduce((s, x) => s + x.ms, 0));
          statements.forEach((x, i) => {
            const key = `${String(i + 1).padStart(2)}. ${label(x.sql)}`;
            per.set(key, [...(per.get(key) ?? []), x.ms]);
          });
        }
      process.stdout.write(
        `  ${channel}: n ${String(total.length)}, total p50 ${ms(med(total))} ms, of which in PostgreSQL (sum of statements) p50 ${ms(med(db))} ms, the rest (parse, session checks, permission, handler, JSON, HTTP) ${ms(med(total) - med(db))} ms; answer up to ${String(bytes)} bytes\n`,
      );
      for (const [k, t] of per)
        process.stdout.write(
          `      ${k.padEnd(34)} p50 ${ms(med(t)).padStart(6)} ms (in ${String(t.length)} of ${String(total.length)})\n`,
        );
    };
    process.stdout.write(
      `\nserver: where a users search's time goes (quiet, one caller, in-process server, 1 connection)\n  GET /health (HTTP only): p50 ${ms(med(health))} ms\n`,
    );
    await runs('auth:me', [undefined]);
    await runs('users:list', payloads);
    await cpuByArea(async () => {
      for (let i = 0; i < 200; i++)
        await callApi(server.url, 'users:list', payloads[i % payloads.length], { token });
      return 200;
    });
    // CPU-only steps, measured alone.
    const schema = contract['users:list'].input;
    const probe = payloads[0] ?? {};
    const p0 = performance.now();
    for (let i = 0; i < 1000; i++) schema.parse(probe);
    const parse = (performance.now() - p0) / 1000;
    const page = await callApi(server.url, 'users:list', probe, { token });
    const j0 = performance.now();
    for (let i = 0; i < 200; i++) JSON.stringify(page.body);
    const json = (performance.now() - j0) / 200;
    process.stdout.write(
      `  zod parse of the payload ${ms(parse)} ms; JSON.stringify of the answer ${ms(json)} ms\n`,
    );
  } finally {
    rec.restore();
    await server.close();
  }
}
