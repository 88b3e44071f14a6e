import BetterSqlite3 from 'better-sqlite3';
import { Command, CommanderError } from 'commander';
import { vi } from 'vitest';
import { CliError, EXIT } from '../../cli/io';
import { ManualClock } from '../../electron/main/adapters/clock';
import { ipcWindow } from '../../electron/main/services/two-factor/two-factor.test-support';
import { startServices, type TestApp } from './services';

/** Result of one in-process CLI run. */
export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/**
 * Runs CLI commands in this process (no tsx start per call): `register` adds them to a fresh
 * `portcullis` program, errors end as cli/index.ts runCli ends them (commander's usage errors 2,
 * CliError its own code), and what would be printed is captured. `--db db` is appended unless given.
 */
export async function runInProcess(
  register: (program: Command) => void,
  db: string,
  args: string[],
): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const program = new Command('portcullis');
  register(program);
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program))
    c.exitOverride().configureOutput({ writeOut: (s) => out.push(s), writeErr: (s) => err.push(s) });
  const log = vi.spyOn(console, 'log').mockImplementation((...a: unknown[]) => void out.push(a.join(' ')));
  const error = vi
    .spyOn(console, 'error')
    .mockImplementation((...a: unknown[]) => void err.push(a.join(' ')));
  let code: number = EXIT.ok;
  try {
    await program.parseAsync(args.includes('--db') ? args : [...args, '--db', db], { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) code = e.exitCode === 0 ? EXIT.ok : EXIT.usage;
    else if (!(e instanceof CliError)) throw e;
    else {
      code = e.exitCode;
      err.push(e.message);
    }
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/** Rows of one query on the database file, through a short read-only connection. */
export function queryFile<T>(db: string, sql: string, ...params: unknown[]): T[] {
  const conn = new BetterSqlite3(db, { readonly: true });
  try {
    return conn.prepare(sql).all(...params) as T[];
  } finally {
    conn.close();
  }
}

/** Every row of every table of the file, for "nothing was written". */
export function snapshotFile(db: string): string {
  const tables = queryFile<{ name: string }>(
    db,
    "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
  );
  return JSON.stringify(tables.map((t) => [t.name, queryFile(db, `SELECT * FROM "${t.name}"`)]));
}

/**
 * The app on the database in `dir` while `fn` runs, sharing the CLI's keychain entry ('Portcullis');
 * its manual clock stands at the real time, since the CLI uses the system clock.
 */
export async function withAppOn<T>(dir: string, fn: (app: TestApp) => Promise<T>): Promise<T> {
  const app = await startServices({ dir, clock: new ManualClock(new Date()), keychainService: 'Portcullis' });
  try {
    return await fn(app);
  } finally {
    await app.close();
  }
}

/** Signs `who` in through the app's pipeline on the database in `dir`: the status or the error code. */
export function signInStatus(dir: string, who: { username: string; password: string }): Promise<string> {
  return withAppOn(dir, async (app) => {
    const r = await ipcWindow(app, `w-${Math.random()}`).call('auth:signIn', {
      login: who.username,
      password: who.password,
    });
    return r.ok ? (r.value as { status: string }).status : r.code;
  });
}
