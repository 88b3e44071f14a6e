import { performance } from 'node:perf_hooks';
import type { CompiledQuery } from 'kysely';
import { removeDir, startServices, type TestApp } from '../tests/support/services';
import { generatedUsers, seedUsers, signInWindow } from '../tests/support/admin-fixtures';
import {
  benchArgs,
  benchPgServer,
  capture,
  copyToPostgres,
  pgRaw,
  skippedPg,
  sqliteRaw,
  startPgApp,
  type RawEngine,
} from './engines';
import { printPairs, type Pair } from './pairs';

const secs = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);

/** Typing whole words letter by letter: usernames, display names, email parts and phones. */
const WORDS = [
  'grace.olsen4517',
  'Emma Rossi',
  'jack.silva99',
  'corp.example',
  '+44207012345',
  'nguyen',
  'ines.tan',
  'zzz-nobody',
];

/** Filters, sorts and a deep page, as the table sends them. */
function filterPayloads(): object[] {
  const out: object[] = [];
  for (const status of ['active', 'locked', 'blocked'] as const) out.push({ status, pageSize: 20 });
  for (const twoFactor of ['on', 'off', 'totp', 'email', 'sms'] as const)
    out.push({ twoFactor, pageSize: 20 });
  for (const sort of ['username', 'email', 'role', 'createdAt', 'lastLoginAt'] as const)
    out.push({ sort, direction: 'desc', page: 50, pageSize: 20 });
  out.push({ role: 'support', search: 'olsen', twoFactor: 'off', pageSize: 20 });
  return out;
}

/**
 * users:list through the full IPC pipeline (sender check, schema parse, session, permission,
 * handler, SQL) as the renderer sends it, each call beside the user repository's statements
 * for that call run raw on the same engine.
 */
async function measure(app: TestApp, raw: RawEngine): Promise<Pair[]> {
  const { call } = await signInWindow(app, 'bench', 'bench-support');
  const repo = app.container.repositories.users;
  const statements = new Map<string, CompiledQuery[]>();
  const once = async (payload: object, pair?: Pair) => {
    const key = JSON.stringify(payload);
    let qs = statements.get(key);
    if (!qs) {
      qs = await capture(raw, repo, () => call('users:list', payload));
      statements.set(key, qs);
    }
    const a = performance.now();
    const r = await call('users:list', payload);
    const ipc = performance.now() - a;
    if (!r.ok) throw new Error(`users:list failed: ${r.message}`);
    const rawMs = await raw.time(qs);
    pair?.ipc.push(ipc);
    pair?.raw.push(rawMs);
  };
  for (const w of WORDS.slice(0, 2))
    for (let i = 1; i <= w.length; i++) await once({ search: w.slice(0, i) });
  const typing: Pair = { engine: raw.engine, name: 'users:list search-as-you-type', ipc: [], raw: [] };
  for (let round = 0; round < 3; round++)
    for (const w of WORDS)
      for (let i = 1; i <= w.length; i++) await once({ search: w.slice(0, i), pageSize: 20 }, typing);
  const filters: Pair = { engine: raw.engine, name: 'users:list filters, sorts, paging', ipc: [], raw: [] };
  for (let round = 0; round < 5; round++) for (const p of filterPayloads()) await once(p, filters);
  return [typing, filters];
}

/** Users table at 100,000 users on SQLite and on PostgreSQL (the same rows on both). */
export default async function usersBench(): Promise<void> {
  const { engines } = benchArgs();
  const app = await startServices();
  try {
    const t0 = performance.now();
    await seedUsers(app, [{ username: 'bench-support', role: 'support' }]);
    await seedUsers(app, generatedUsers(100_000, '2026-03-02T10:00:00Z'));
    process.stdout.write(`users: seeded 100,001 users on SQLite in ${secs(t0)} s\n`);
    if (engines.includes('sqlite')) printPairs(await measure(app, sqliteRaw(app.container.database.sqlite)));
    if (engines.includes('postgres')) {
      const server = await benchPgServer();
      if (typeof server === 'string') skippedPg('users', server);
      else {
        const url = await server.createDatabase();
        const pgApp = await startPgApp(url, app.clock.now());
        try {
          const t1 = performance.now();
          const n = await copyToPostgres(app.container.database.sqlite, url, ['users', 'credentials']);
          process.stdout.write(
            `users: copied the same ${n.toLocaleString('en')} rows (users, credentials) to PostgreSQL in ${secs(t1)} s\n`,
          );
          const raw = await pgRaw(url);
          try {
            printPairs(await measure(pgApp, raw));
          } finally {
            await raw.close();
          }
        } finally {
          await pgApp.close();
          removeDir(pgApp.dir);
        }
      }
    }
  } finally {
    await app.close();
    removeDir(app.dir);
  }
}
