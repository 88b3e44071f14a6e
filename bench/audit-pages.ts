import { performance } from 'node:perf_hooks';
import type { Caller, IpcPipeline } from '../electron/main/ipc/pipeline';
import type { AuditRepository } from '../electron/main/db/repositories/audit.repository';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from '../electron/main/db/connection';
import { APP_ORIGIN, removeDir, windowCaller } from '../tests/support/services';
import {
  benchPgServer,
  capture,
  copyToPostgres,
  pgRaw,
  skippedPg,
  startPgApp,
  type RawEngine,
} from './engines';
import type { Pair } from './pairs';

/** The filters the audit page is walked with (40 pages of 50 each, or until the end). */
function filters(someone: string): object[] {
  return [
    { code: 'user:login_failed' },
    { user: someone },
    { group: 'password' },
    { from: '2026-09-01T00:00:00Z', to: '2026-10-01T00:00:00Z' },
    { ip: '81.2.69.1' },
  ];
}

/**
 * audit:list keyset pages through the real pipeline, each beside the audit repository's
 * statements for that page run raw on the same engine; then the first page with its capped count.
 */
export async function auditPages(
  pipeline: IpcPipeline,
  caller: Caller,
  repo: AuditRepository,
  raw: RawEngine,
  someone: string,
): Promise<Pair[]> {
  const all: Pair = { engine: raw.engine, name: 'audit:list page, all filters', ipc: [], raw: [] };
  const pairs: Pair[] = [all];
  const call = (payload: object) => pipeline.dispatch(caller, 'audit:list', payload);
  const timed = async (payload: object, into: Pair[]) => {
    const qs = await capture(raw, repo, () => call(payload));
    const a = performance.now();
    const r = await call(payload);
    const ipc = performance.now() - a;
    if (!r.ok) throw new Error(`audit:list failed: ${r.message}`);
    const rawMs = await raw.time(qs);
    for (const p of into) {
      p.ipc.push(ipc);
      p.raw.push(rawMs);
    }
    return r.value as { nextCursor: number | null };
  };
  for (const filter of filters(someone)) {
    const own: Pair = { engine: raw.engine, name: `  filter ${JSON.stringify(filter)}`, ipc: [], raw: [] };
    pairs.push(own);
    // Up to 40 pages; a filter with fewer pages is walked again until it has 10 samples.
    for (let round = 0; round < 10 && own.ipc.length < 10; round++) {
      let before: number | undefined;
      for (let i = 0; i < 40; i++) {
        const page = await timed({ filter, before, pageSize: 50 }, [all, own]);
        if (page.nextCursor === null) break;
        before = page.nextCursor;
      }
    }
  }
  const count: Pair = { engine: raw.engine, name: 'audit:list first page + capped count', ipc: [], raw: [] };
  for (const code of ['user:logged_in', 'user:login_failed', 'user.password:changed'])
    await timed({ filter: { code }, pageSize: 50, withCount: true }, [count]);
  pairs.push(count);
  return pairs;
}

/** Signs the owner in through the pipeline (as the audit page's window would be). */
export async function signInOwner(
  pipeline: IpcPipeline,
  caller: Caller,
  owner: { username: string; password: string },
): Promise<void> {
  const r = await pipeline.dispatch(caller, 'auth:signIn', {
    login: owner.username,
    password: owner.password,
  });
  if (!r.ok) throw new Error(`sign-in of ${owner.username} failed: ${r.message}`);
}

/**
 * The audit pages on PostgreSQL: a fresh database on the run's throwaway server, migrated, the
 * SQLite bench database's users, credentials and audit events copied in (the same rows and
 * chain), then the same pages through the same pipeline. Skipped, saying why, without a server.
 */
export async function auditOnPostgres(
  sqlitePath: string,
  at: Date,
  owner: { username: string; password: string },
  someone: string,
): Promise<Pair[]> {
  const server = await benchPgServer();
  if (typeof server === 'string') {
    skippedPg('audit', server);
    return [];
  }
  const url = await server.createDatabase();
  await (await openDatabase(url)).close();
  const source = new BetterSqlite3(sqlitePath, { readonly: true });
  const t0 = performance.now();
  let copied: number;
  try {
    copied = await copyToPostgres(source, url, ['users', 'credentials', 'audit_events']);
  } finally {
    source.close();
  }
  process.stdout.write(
    `audit: copied the same ${copied.toLocaleString('en')} rows (users, credentials, audit events) to PostgreSQL in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
  );
  const app = await startPgApp(url, at);
  try {
    const { caller } = windowCaller('bench-pg', { frameUrl: `${APP_ORIGIN}/index.html#/audit` });
    await signInOwner(app.container.pipeline, caller, owner);
    // The first page after the copy may wait for work holding the one connection (the copied
    // chain has no checkpoints yet); it is retried, and the wait is printed, not measured.
    const w0 = performance.now();
    for (let i = 0; ; i++) {
      const r = await app.container.pipeline.dispatch(caller, 'audit:list', { filter: {}, pageSize: 1 });
      if (r.ok) break;
      if (i === 30) throw new Error(`audit:list kept failing: ${r.message}`);
    }
    const waited = (performance.now() - w0) / 1000;
    if (waited > 1)
      process.stdout.write(`audit: first PostgreSQL page answered after ${waited.toFixed(1)} s\n`);
    const raw = await pgRaw(url);
    try {
      return await auditPages(app.container.pipeline, caller, app.container.repositories.audit, raw, someone);
    } finally {
      await raw.close();
    }
  } finally {
    await app.close();
    removeDir(app.dir);
  }
}
