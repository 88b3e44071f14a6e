import { spawn, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { checkDatabase } from '../electron/main/db/backup';
import { removeDir, tempDir } from './support/services';

const root = join(__dirname, '..');
const dir = tempDir('portcullis-crash-');
const dbPath = join(dir, 'crash.db');
const KILLS = 20;

/** Starts the bulk worker, waits until it works, lets it run a random while, then SIGKILLs it. */
function runAndKill(): Promise<void> {
  return new Promise((resolve, reject) => {
    // node --import tsx runs the worker in the spawned process itself, so SIGKILL hits the worker.
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', join(__dirname, 'support/crash-worker.ts'), dbPath],
      {
        cwd: root,
      },
    );
    let stderr = '';
    const guard = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      if (d.toString().includes('ready')) setTimeout(() => child.kill('SIGKILL'), 150 + Math.random() * 900);
    });
    child.on('exit', (code, signal) => {
      clearTimeout(guard);
      if (signal === 'SIGKILL' && stderr === '') resolve();
      else reject(new Error(`worker ended on its own (code ${String(code)}): ${stderr}`));
    });
  });
}

afterAll(() => {
  removeDir(dir);
});

describe('crash safety', () => {
  it(`survives ${KILLS} SIGKILLs during bulk work: consistent, all-or-nothing, chain intact`, async () => {
    for (let i = 0; i < KILLS; i++) await runAndKill();
    const check = await checkDatabase(dbPath);
    expect(check.integrity).toBe('ok');
    expect(check.chainBrokenAt).toBeNull();
    const db = new BetterSqlite3(dbPath, { readonly: true });
    const n = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    const usersCount = n('SELECT count(*) n FROM users');
    // Every user committed with exactly one password and one user:created event, and nothing else half-written.
    expect(
      n(
        'SELECT count(*) n FROM users u WHERE (SELECT count(*) FROM credentials c WHERE c.user_id = u.id) <> 1',
      ),
    ).toBe(0);
    expect(n("SELECT count(*) n FROM audit_events WHERE code = 'user:created'")).toBe(usersCount);
    expect(n('SELECT count(*) n FROM sessions s WHERE s.user_id NOT IN (SELECT id FROM users)')).toBe(0);
    const logins = n("SELECT count(*) n FROM audit_events WHERE code = 'user:logged_in'");
    expect(logins).toBe(n('SELECT count(*) n FROM sessions'));
    db.close();
    expect(usersCount).toBeGreaterThan(KILLS);
    console.log(
      `Crash safety: ${KILLS} SIGKILLs survived; ${usersCount} users, ${check.auditEvents} audit events, integrity ${check.integrity}, chain intact`,
    );
  }, 240_000);
});

/** Runs `portcullis ARGS` in-process (node --import tsx) and SIGKILLs it after `afterMs`. */
/**
 * Runs the CLI and kills it `afterMs` after `marker` appears (the database file, an export's
 * .partial), so the kill lands in the work itself, however slowly a loaded machine starts tsx.
 */
function cliKilledAfter(args: string[], afterMs: number, marker: string): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'cli/index.ts'), ...args], {
      cwd: root,
    });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timer: NodeJS.Timeout | undefined;
    const watch = setInterval(() => {
      if (!existsSync(marker)) return;
      clearInterval(watch);
      timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    }, 20);
    child.on('exit', (code, signal) => {
      clearInterval(watch);
      clearTimeout(timer);
      if (signal === 'SIGKILL') resolve('killed');
      else if (code === 0) resolve('finished');
      else reject(new Error(`portcullis ${args.join(' ')} failed (${String(code)}): ${stderr}`));
    });
  });
}

describe('crash safety of demo data and export', () => {
  it('demo generation and signed export killed at random moments leave a consistent database and no half export', async () => {
    const db = join(dir, 'bulk.db');
    let kills = 0;
    for (let i = 0; i < 6; i++) {
      if (
        (await cliKilledAfter(
          ['demo', '--users', '50', '--events', '400000', '--db', db],
          200 + Math.random() * 2000,
          db,
        )) === 'killed'
      )
        kills++;
    }
    const check = await checkDatabase(db);
    expect(check.integrity).toBe('ok');
    expect(check.chainBrokenAt).toBeNull();
    const out = join(dir, 'export.jsonl');
    for (let i = 0; i < 5; i++) {
      const r = await cliKilledAfter(
        ['audit', 'export', '--out', out, '--db', db],
        Math.random() * 1500,
        `${out}.partial`,
      );
      if (r === 'killed') kills++;
      // Killed: no file under the final name (only a .partial). Finished: a file that verifies.
      if (existsSync(out)) {
        const verify = spawnSync(
          process.execPath,
          ['--import', 'tsx', join(root, 'cli/index.ts'), 'audit', 'verify', out],
          {
            cwd: root,
            encoding: 'utf8',
          },
        );
        expect(verify.stdout).toMatch(/^intact: \d+ events/);
        rmSync(out);
      }
    }
    expect(kills).toBeGreaterThan(0);
    console.log(
      `Crash safety (bulk): ${kills} SIGKILLs during demo generation and export; ${check.auditEvents} events, integrity ${check.integrity}, chain intact, no half export`,
    );
  }, 400_000);
});
