import { spawnSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { createContainer } from '../electron/main/container';
import { buildIpcPipeline } from '../electron/main/ipc/transport';
import { stderrLogger } from '../electron/main/adapters/logger';
import { KeytarKeychain } from '../electron/main/adapters/keytar.keychain';
import { ManualClock } from '../electron/main/adapters/clock';
import { OfflineGeoLookup } from '../electron/main/adapters/geo';
import { PasswordHasher } from '../electron/main/security/password-hasher';
import { generateDemo } from '../electron/main/services/audit/demo';
import { removeDir, tempDir, windowCaller } from '../tests/support/services';

interface BenchResult {
  name: string;
  value: number;
  unit: string;
  target?: string;
}

function print(results: BenchResult[]): void {
  for (const r of results)
    process.stdout.write(
      `${r.name.padEnd(46)} ${r.value.toFixed(2).padStart(9)} ${r.unit.padEnd(3)}${r.target ? `  (target ${r.target})` : ''}\n`,
    );
}

const EVENTS = Number(process.env.BENCH_AUDIT_EVENTS ?? 1_000_000);
const root = join(__dirname, '..');
const ORIGIN = 'http://portcullis.localhost';

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? NaN;
}

/** The child bundled to plain JS, so its memory is the work's and not the TypeScript loader's. */
function bundleChild(): string {
  // Inside the repo so the external native modules resolve from node_modules.
  const out = join(root, 'node_modules/.cache/portcullis-bench/audit-child.cjs');
  buildSync({
    entryPoints: [join(__dirname, 'audit.child.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node22',
    outfile: out,
    external: ['better-sqlite3', 'keytar', 'argon2', 'geoip-lite', 'electron'],
    logLevel: 'error',
  });
  return out;
}

function child(
  script: string,
  mode: string,
  db: string,
  file: string,
): { ms: number; cpuMs: number; peakMb: number } {
  const r = spawnSync(process.execPath, [script, mode, db, file], {
    cwd: root,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`bench child ${mode} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as {
    ms: number;
    cpuMs: number;
    peakMb: number;
  };
}

/** Audit log at a million events: page queries over IPC, export, verify and offline open. */
export default async function auditBench(): Promise<void> {
  const dir = tempDir('portcullis-bench-audit-');
  const db = join(dir, 'bench.db');
  const file = join(dir, 'export.jsonl');
  try {
    const clock = new ManualClock('2026-11-23T12:00:00Z');
    const c = await createContainer({
      dbPath: db,
      keychain: new KeytarKeychain('Portcullis-bench'),
      clock,
    });
    const pipeline = buildIpcPipeline(c.services, {
      isTrustedUrl: (u) => u.startsWith(`${ORIGIN}/`),
      logger: stderrLogger,
    });
    const owner = {
      username: 'owner',
      displayName: 'Owner',
      email: 'owner@example.com',
      password: 'bench owner password',
    };
    await c.services.auth.createOwnerAccount(owner, { ip: '127.0.0.1', userAgent: 'bench' });
    const t0 = performance.now();
    const hash = await new PasswordHasher().hash('demo password');
    await generateDemo(c.database.sqlite, new OfflineGeoLookup(), {
      users: 1000,
      events: EVENTS,
      passwordHash: hash,
      now: clock.now(),
    });
    const demoMs = performance.now() - t0;

    const { caller } = windowCaller('bench', { frameUrl: `${ORIGIN}/index.html#/audit` });
    await pipeline.dispatch(caller, 'auth:signIn', { login: owner.username, password: owner.password });
    const someone = (
      c.database.sqlite.prepare('SELECT username FROM users WHERE id = 500').get() as { username: string }
    ).username;
    const filters = [
      { code: 'user:login_failed' },
      { user: someone },
      { group: 'password' as const },
      { from: '2026-09-01T00:00:00Z', to: '2026-10-01T00:00:00Z' },
      { ip: '81.2.69.142'.replace(/\d+$/, '1') },
    ];
    const times: number[] = [];
    const perFilter: BenchResult[] = [];
    for (const filter of filters) {
      const own: number[] = [];
      let before: number | undefined;
      for (let i = 0; i < 40; i++) {
        const s = performance.now();
        const r = await pipeline.dispatch(caller, 'audit:list', { filter, before, pageSize: 50 });
        times.push(performance.now() - s);
        own.push(times[times.length - 1] ?? 0);
        if (!r.ok) throw new Error(`audit:list failed: ${r.message}`);
        const page = r.value as { nextCursor: number | null };
        if (page.nextCursor === null) break;
        before = page.nextCursor;
      }
      own.sort((a, b) => a - b);
      perFilter.push({
        name: `  page p95, filter ${JSON.stringify(filter)}`.slice(0, 46),
        value: pct(own, 95),
        unit: 'ms',
      });
    }
    const firstCount = performance.now();
    await pipeline.dispatch(caller, 'audit:list', {
      filter: { code: 'user:logged_in' },
      pageSize: 50,
      withCount: true,
    });
    const countMs = performance.now() - firstCount;
    await c.close();
    times.sort((a, b) => a - b);

    const script = bundleChild();
    const exp = child(script, 'export', db, file);
    const s = performance.now();
    const dump = spawnSync(
      '/bin/bash',
      [
        '-c',
        `TIMEFORMAT='%U %S'; time sqlite3 -csv "${db}" "SELECT * FROM audit_events" > "${join(dir, 'dump.csv')}"`,
      ],
      { encoding: 'utf8' },
    );
    const sqliteMs = performance.now() - s;
    if (dump.status !== 0) throw new Error(`sqlite3 failed: ${dump.stderr}`);
    const [u = 0, sy = 0] = (dump.stderr.trim().split('\n').pop() ?? '').split(' ').map(Number);
    const sqliteCpuMs = (u + sy) * 1000;
    const ver = child(script, 'verify', db, file);
    const rev = child(script, 'review', db, file);
    const mb = statSync(file).size / 1e6;
    print([
      { name: `audit demo data (${EVENTS.toLocaleString()} events)`, value: demoMs / 1000, unit: 's' },
      { name: 'audit:list filtered page over IPC p50', value: pct(times, 50), unit: 'ms' },
      { name: 'audit:list filtered page over IPC p95', value: pct(times, 95), unit: 'ms', target: '< 2 ms' },
      ...perFilter,
      { name: 'audit:list first page with capped count', value: countMs, unit: 'ms' },
      { name: `JSONL export (${mb.toFixed(0)} MB)`, value: exp.ms / 1000, unit: 's' },
      { name: 'sqlite3 -csv dump of the same rows', value: sqliteMs / 1000, unit: 's' },
      { name: 'JSONL export / sqlite3 -csv (wall)', value: exp.ms / sqliteMs, unit: 'x', target: '<= 3x' },
      {
        name: 'JSONL export / sqlite3 -csv (CPU time)',
        value: exp.cpuMs / sqliteCpuMs,
        unit: 'x',
        target: '<= 3x',
      },
      { name: 'JSONL export peak memory', value: exp.peakMb, unit: 'MB', target: '< 200 MB' },
      { name: 'verify export (wall)', value: ver.ms / 1000, unit: 's', target: '< 2 s' },
      { name: 'verify export (CPU time)', value: ver.cpuMs / 1000, unit: 's' },
      { name: 'verify peak memory', value: ver.peakMb, unit: 'MB', target: '< 200 MB' },
      { name: 'offline review open-to-first-rows', value: rev.ms / 1000, unit: 's' },
      { name: 'offline review peak memory', value: rev.peakMb, unit: 'MB' },
    ]);
  } finally {
    removeDir(dir);
  }
}
