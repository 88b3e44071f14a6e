import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  BURST,
  burst,
  facts,
  member,
  PASSWORD,
  passwordHash,
  limitsAppPerDescribe,
  startLimitsApp,
  win,
} from './support/attempt-limits';

// Issue 12: the limits live in the database file, so a second process (another desktop on a shared
// folder, the CLI while the app runs) gets no more tries than the first.
describe('attempt limits across processes on one database file', () => {
  const { app, ownerCall } = limitsAppPerDescribe();

  it('a second process on the same database cannot pass the limit', async () => {
    const id = await member(ownerCall, 'sam');
    // A second container on the same file: its own SQLite connection and its own in-process
    // queue, as a second app or CLI process would have; only the SQL counter is shared.
    const other = await startLimitsApp({ dir: app.dir, clock: app.clock });
    try {
      const before = app.hasher.verified.length + other.hasher.verified.length;
      const codes = await burst(BURST, (i) =>
        win(i % 2 ? other : app, `sam-${i}`)('auth:signIn', { login: 'sam', password: `wrong ${i}` }),
      );
      const hash = passwordHash(app, id);
      const evaluatedBoth = [...app.hasher.verified, ...other.hasher.verified].filter(
        (h) => h === hash,
      ).length;
      const f = facts(app, id);
      console.log(
        `two processes: ${BURST} calls split across 2 connections, ${evaluatedBoth} evaluated (${[...app.hasher.verified, ...other.hasher.verified].length - before} argon2 checks in all), answers ${JSON.stringify(Object.fromEntries(['invalid_credentials', 'account_locked', 'internal'].map((c) => [c, codes.filter((x) => x === c).length])))}, failed_attempts=${f.failed_attempts}, locked_until=${f.locked_until ?? 'NULL'}`,
      );
      expect(evaluatedBoth).toBe(5);
      expect(codes.filter((c) => c === 'invalid_credentials')).toHaveLength(4);
      expect(codes.filter((c) => c === 'account_locked')).toHaveLength(BURST - 4);
      expect(f.failed_attempts).toBe(5);
      expect(f.locked_until).not.toBeNull();
      // A login that matches no account is counted in the file too: the same answers, split or not.
      const ghost = await burst(BURST, (i) =>
        win(i % 2 ? other : app, `ghost-${i}`)('auth:signIn', { login: 'ghost-of-sam', password: `w${i}` }),
      );
      const tally = (list: string[]) => [...list].sort().join(',');
      console.log(
        `two processes, unknown login: ${JSON.stringify(Object.fromEntries(['invalid_credentials', 'account_locked'].map((c) => [c, ghost.filter((x) => x === c).length])))}`,
      );
      expect(tally(ghost)).toBe(tally(codes));
      const stored = JSON.stringify(
        app.container.database.sqlite.prepare('SELECT * FROM unknown_logins').all(),
      );
      expect(stored).not.toContain('ghost');
    } finally {
      await other.close();
    }
  });

  it('a success lifts only the lock its own try set; neither a success nor a failure lifts a lock another process set', async () => {
    const id = await member(ownerCall, 'rae');
    const other = await startLimitsApp({ dir: app.dir, clock: app.clock });
    const here = win(app, 'rae-here');
    const there = win(other, 'rae-there');
    const wrong = (call: typeof here) => call('auth:signIn', { login: 'rae', password: 'wrong' });
    const right = (call: typeof here) => call('auth:signIn', { login: 'rae', password: PASSWORD });
    try {
      // 4 wrong, then the right password: that try took the last slot (and locked), then lifted it.
      for (let i = 0; i < 4; i++) expect(await wrong(here)).toMatchObject({ code: 'invalid_credentials' });
      expect(await right(here)).toMatchObject({ ok: true, value: { status: 'signed_in' } });
      expect(facts(app, id)).toMatchObject({ failed_attempts: 0, locked_until: null });

      // 3 wrong; a right password is being checked here while another process takes the last try.
      for (let i = 0; i < 3; i++) expect(await wrong(here)).toMatchObject({ code: 'invalid_credentials' });
      let slow = app.hasher.hold();
      let pending = right(here);
      await slow.started;
      expect(await wrong(there)).toMatchObject({ code: 'account_locked' });
      const lock = facts(app, id).locked_until;
      slow.release();
      expect(await pending).toMatchObject({ code: 'account_locked' });
      expect(facts(app, id)).toMatchObject({ failed_attempts: 5, locked_until: lock });

      // After the lock expires the count starts again; a slow wrong guess cannot lift a fresh lock.
      app.clock.advance(15 * 60_000 + 1);
      expect(await wrong(here)).toMatchObject({ code: 'invalid_credentials' });
      expect(facts(app, id)).toMatchObject({ failed_attempts: 1, locked_until: null });
      for (let i = 0; i < 2; i++) expect(await wrong(here)).toMatchObject({ code: 'invalid_credentials' });
      slow = app.hasher.hold();
      pending = wrong(here);
      await slow.started;
      expect(await wrong(there)).toMatchObject({ code: 'account_locked' });
      const second = facts(app, id).locked_until;
      slow.release();
      expect(await pending).toMatchObject({ code: 'invalid_credentials' });
      expect(second).not.toBeNull();
      expect(facts(app, id)).toMatchObject({ failed_attempts: 5, locked_until: second });
      console.log(`interleaved processes: lock ${String(second)} kept by a slow success and a slow failure`);
    } finally {
      await other.close();
    }
  });

  it('a forked process and this one, bursting together on one file, evaluate 5 in all', async () => {
    const id = await member(ownerCall, 'uma');
    const half = BURST / 2;
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(__dirname, 'support/attempt-limits-worker.ts'),
        app.dbPath,
        'uma',
        String(half),
        app.clock.now().toISOString(),
      ],
      { cwd: join(__dirname, '..') },
    );
    let out = '';
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const seen = (word: string) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (out.includes(word)) resolve();
        };
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          check();
        });
        child.on('exit', () => {
          reject(new Error(`worker ended before "${word}": ${err}`));
        });
        check();
      });
    const ready = seen('ready');
    const done = new Promise<string>((resolve) =>
      child.on('exit', () => {
        resolve(out);
      }),
    );
    await ready;
    const before = app.hasher.verified.length;
    child.stdin.write('go\n');
    await seen('firing'); // the child's calls are on their way: ours now race them
    const here = await burst(half, (i) =>
      win(app, `uma-${i}`)('auth:signIn', { login: 'uma', password: `w${i}` }),
    );
    const report = JSON.parse((await done).split('\n').find((l) => l.startsWith('{')) ?? '{}') as {
      codes: string[];
      verified: string[];
    };
    const hash = passwordHash(app, id);
    const evaluatedHere = app.hasher.verified.slice(before).filter((h) => h === hash).length;
    const evaluatedThere = report.verified.filter((h) => h === hash).length;
    const all = [...here, ...report.codes];
    const count = (c: string) => all.filter((x) => x === c).length;
    const f = facts(app, id);
    console.log(
      `forked process: ${all.length} calls (${half} here, ${report.codes.length} in the child), evaluated ${evaluatedHere} here + ${evaluatedThere} there, invalid_credentials=${count('invalid_credentials')} account_locked=${count('account_locked')} internal=${count('internal')}, failed_attempts=${f.failed_attempts}, locked_until=${f.locked_until ?? 'NULL'}`,
    );
    expect(report.codes).toHaveLength(half);
    expect(evaluatedHere + evaluatedThere).toBe(5);
    expect(count('invalid_credentials')).toBe(4);
    expect(count('account_locked')).toBe(BURST - 4);
    expect(f).toMatchObject({ failed_attempts: 5 });
    expect(f.locked_until).not.toBeNull();
  }, 60_000);
});
