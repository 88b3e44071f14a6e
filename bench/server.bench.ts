import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { CompiledQuery } from 'kysely';
import { KeyFileKeychain } from '../electron/main/adapters/key-file.keychain';
import { OutboxRepository } from '../electron/main/db/repositories/outbox.repository';
import { verifyDatabase } from '../electron/main/services/audit/verify-db';
import { generatedUsers, seedUsers, signInWindow, SEED_PASSWORD } from '../tests/support/admin-fixtures';
import { removeDir, startServices, tempDir, type TestApp } from '../tests/support/services';
import { codeIn, startSmtpServer } from '../tests/support/smtp-server';
import { callApi, signInHttp } from '../tests/support/team-server';
import { benchPgServer, capture, copyToPostgres, pgRaw, skippedPg, type RawEngine } from './engines';
import { printPhase, quietPairs, type Kind, type Phase } from './server-report';
import { profileSearch } from './server-profile';
import { pgCpuMs, printSummary, type Row } from './server-summary';
import { localApp, startServerProcess, type ServerProcess } from './server-procs';

const SEEDED = 5000;
const OPERATORS = 50;
/** Seconds per phase (one server, then two): BENCH_SERVER_SECONDS, default 60. */
const SECONDS = Number(process.env.BENCH_SERVER_SECONDS ?? 60);
/** Search words as an operator types them (prefixes of names, emails and phones in the seed). */
/** Connections per server process in the second half (`serve --db-pool`): BENCH_SERVER_POOL, default 8. */
const POOL = Number(process.env.BENCH_SERVER_POOL ?? 8);
const TERMS = ['olsen', 'emma', 'silva9', 'corp.ex', '+44207001', 'nguyen', 'jack.', 'zzz-nobody'];

const pick = <T>(xs: readonly T[]): T => xs[Math.floor(Math.random() * xs.length)] as T;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What one operator does next, and its payload: mostly reads, a write now and then. */
function nextCall(memberIds: readonly number[]): { kind: Kind; channel: string; payload: object } {
  const r = Math.random();
  const term = pick(TERMS);
  if (r < 0.4) {
    const n = 2 + Math.floor(Math.random() * (term.length - 1));
    return {
      kind: 'users search',
      channel: 'users:list',
      payload: { search: term.slice(0, n), pageSize: 20 },
    };
  }
  if (r < 0.6) return { kind: 'users:get', channel: 'users:get', payload: { id: pick(memberIds) } };
  if (r < 0.78) return { kind: 'audit:list page', channel: 'audit:list', payload: { pageSize: 50 } };
  if (r < 0.95) return { kind: 'sessions:listAll', channel: 'sessions:listAll', payload: { pageSize: 50 } };
  if (r < 0.98)
    return {
      kind: 'users:update',
      channel: 'users:update',
      payload: { id: pick(memberIds), displayName: `Renamed ${String(Math.floor(Math.random() * 1e6))}` },
    };
  return { kind: 'reset sent', channel: 'users:sendPasswordReset', payload: { userIds: [pick(memberIds)] } };
}

/** 50 operators (closed loop, 0–200 ms think time) against the servers for SECONDS; a raw probe beside them. */
async function runPhase(
  servers: readonly ServerProcess[],
  tokens: readonly string[],
  memberIds: readonly number[],
  raw: RawEngine,
  rawSearch: ReadonlyMap<string, CompiledQuery[]>,
): Promise<Phase> {
  const phase: Phase = {
    servers: servers.length,
    requests: 0,
    errors: new Map(),
    times: new Map(),
    raw: [],
    seconds: 0,
    clientCpuMs: 0,
  };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const end = t0 + SECONDS * 1000;
  const operator = async (url: string, token: string) => {
    while (performance.now() < end) {
      const c = nextCall(memberIds);
      const a = performance.now();
      let failure: string | null = null;
      try {
        const r = await callApi(url, c.channel, c.payload, { token });
        if (r.status !== 200 || !r.body.ok) failure = `${c.channel} ${String(r.status)} ${r.body.code ?? ''}`;
      } catch (e) {
        failure = `${c.channel} ${(e as Error).message}`;
      }
      const took = performance.now() - a;
      phase.requests++;
      if (failure) phase.errors.set(failure, (phase.errors.get(failure) ?? 0) + 1);
      else {
        const t = phase.times.get(c.kind) ?? [];
        t.push(took);
        phase.times.set(c.kind, t);
      }
      await sleep(Math.random() * 200);
    }
  };
  // The same search statements on the driver, under the same load, at about one operator's pace.
  const probe = async () => {
    const all = [...rawSearch.values()];
    while (performance.now() < end) {
      phase.raw.push(await raw.time(pick(all)));
      await sleep(Math.random() * 200);
    }
  };
  await Promise.all([
    ...tokens.map((token, i) => operator(servers[i % servers.length]?.url ?? '', token)),
    probe(),
  ]);
  phase.seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  phase.clientCpuMs = (cpu.user + cpu.system) / 1000;
  return phase;
}

/** Issue 19 item 6: 50 operators against one team server, then two, each with 1 and then POOL connections, on one throwaway PostgreSQL. */
export default async function serverBench(): Promise<void> {
  const pgServer = await benchPgServer();
  if (typeof pgServer === 'string') {
    skippedPg('server', pgServer);
    return;
  }
  const url = await pgServer.createDatabase();
  const dir = tempDir('portcullis-bench-server-');
  const smtp = await startSmtpServer();
  const keyFile = join(dir, 'keys.json');
  const servers: ServerProcess[] = [];
  let cpuMs = 0;
  // The child reads BENCH_SERVER_POOL when it starts: N connections per server process, as `serve --db-pool N`.
  const start = async (pool: number) => {
    process.env.BENCH_SERVER_POOL = String(pool);
    const s = await startServerProcess(url, keyFile);
    servers.push(s);
    return s;
  };
  const stopAll = async () => {
    for (const s of servers.splice(0)) cpuMs += await s.stop();
  };
  const raw = await pgRaw(url);
  let local: TestApp | undefined;
  let requests = 0;
  try {
    const a = await start(1);
    local = await localApp(url, keyFile);
    // The same generated people as the users bench, on SQLite first, then copied (ids kept).
    const seedApp = await startServices();
    let memberIds: number[];
    try {
      const ops = Array.from({ length: OPERATORS }, (_, i) => ({
        username: `op${String(i)}`,
        role: 'admin' as const,
      }));
      await seedUsers(seedApp, [{ username: 'bench-owner', role: 'owner' }, ...ops]);
      memberIds = await seedUsers(seedApp, generatedUsers(SEEDED, '2026-03-02T10:00:00Z'));
      await copyToPostgres(seedApp.container.database.sqlite, url, ['users', 'credentials']);
    } finally {
      await seedApp.close();
      removeDir(seedApp.dir);
    }
    const owner = await signInHttp(a.url, 'bench-owner', SEED_PASSWORD);
    const mail = await callApi(
      a.url,
      'mail:saveSettings',
      {
        host: '127.0.0.1',
        port: smtp.port,
        security: 'starttls',
        user: smtp.user,
        password: smtp.password,
        from: 'portcullis@example.com',
        fromName: 'Portcullis',
        allowSelfSigned: true,
      },
      { token: owner },
    );
    const services = await callApi(
      a.url,
      'delivery:updateServices',
      { smsEnabled: false, smsAvailable: 0, emailEnabled: true },
      { token: owner },
    );
    if (!mail.body.ok || !services.body.ok)
      throw new Error(`mail settings refused: ${JSON.stringify([mail.body, services.body])}`);
    const tokens: string[] = [];
    for (let i = 0; i < OPERATORS; i++) tokens.push(await signInHttp(a.url, `op${String(i)}`, SEED_PASSWORD));
    // The repository's own statements for each search, captured once through the same pipeline in this process.
    const { call } = await signInWindow(local, 'bench', 'bench-owner');
    const rawSearch = new Map<string, CompiledQuery[]>();
    for (const term of TERMS)
      for (let n = 2; n <= term.length; n++) {
        const payload = { search: term.slice(0, n), pageSize: 20 };
        rawSearch.set(
          JSON.stringify(payload),
          await capture(raw, local.container.repositories.users, () => call('users:list', payload)),
        );
      }
    await quietPairs(a.url, owner, raw, rawSearch);
    await profileSearch(
      url,
      keyFile,
      owner,
      [...rawSearch.keys()].filter((_, i) => i % 3 === 0).map((k) => JSON.parse(k) as object),
    );
    process.stdout.write(
      `server: each team server in its own process; ${String(SEEDED + OPERATORS + 1)} users on PostgreSQL, ${String(OPERATORS)} operators (admins, each its own session token), ${String(SECONDS)} s per phase (BENCH_SERVER_SECONDS); phases: 1 PostgreSQL connection per server (the shipped default), then ${String(POOL)} (BENCH_SERVER_POOL), each with one server then two; plain HTTP on 127.0.0.1, per-address rate limit lifted (one address), per-session limit as shipped\n`,
    );
    const phases: Row[] = [];
    // PostgreSQL's CPU over a phase, beside the requests served: where the machine's time goes.
    const measured = async (list: ServerProcess[], pool: number): Promise<Row> => {
      const pg0 = pgCpuMs(pgServer.dir);
      const phase = await runPhase(list, tokens, memberIds, raw, rawSearch);
      printPhase(OPERATORS, phase);
      requests += phase.requests;
      return { pool, phase, pgMs: pgCpuMs(pgServer.dir) - pg0 };
    };
    for (const pool of [1, POOL]) {
      process.stdout.write(
        `\n-- ${String(pool)} PostgreSQL connection(s) per server (serve --db-pool ${String(pool)})\n`,
      );
      const first = pool === 1 ? a : await start(pool);
      phases.push(await measured([first], pool));
      phases.push(await measured([first, await start(pool)], pool));
      const before = cpuMs;
      await stopAll();
      const served = phases.slice(-2).reduce((n, r) => n + r.phase.requests, 0);
      process.stdout.write(
        `server: pool ${String(pool)}: the server processes used ${((cpuMs - before) / served).toFixed(1)} ms of CPU per request (at most: setup and sign-ins included)\n`,
      );
    }
    printSummary(phases);
    // Every reset queued is sent; the SMTP server is told each (recipient, code) once.
    const outbox = new OutboxRepository(local.container.database.db);
    const deadline = Date.now() + 60_000;
    let counts = await outbox.counts();
    while ((counts.pending > 0 || counts.sending > 0) && Date.now() < deadline) {
      await sleep(100);
      counts = await outbox.counts();
    }
    await sleep(500);
    const seen = new Set(smtp.messages.map((m) => `${m.to} ${codeIn(m.text)}`));
    process.stdout.write(
      `\nserver: outbox sent=${String(counts.sent)} pending=${String(counts.pending)} sending=${String(counts.sending)} failed=${String(counts.failed)}; the SMTP server received ${String(smtp.messages.length)}, duplicate sends ${String(smtp.messages.length - seen.size)} (target 0)\n`,
    );
  } finally {
    await stopAll();
    process.stdout.write(
      `server: the server processes used ${(cpuMs / 1000).toFixed(1)} s of CPU in all (${String(requests)} requests in the phases, plus setup and sign-ins): ${(cpuMs / Math.max(1, requests)).toFixed(1)} ms per request at most\n`,
    );
    await local?.close();
    if (local) removeDir(local.dir);
    await raw.close();
    await smtp.stop();
  }
  const verdict = await verifyDatabase(url, { keychain: new KeyFileKeychain(keyFile) });
  process.stdout.write(
    verdict.status === 'intact'
      ? `server: audit chain verified afterwards: intact, ${String(verdict.events)} events, ${String(verdict.checkpoints)} checkpoints, signer ${verdict.trust}\n`
      : `server: audit chain verified afterwards: ${verdict.status.toUpperCase()} (${verdict.reason})\n`,
  );
  removeDir(dir);
}
