import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { supportCommand } from '../cli/commands/support.command';
import { EXIT } from '../cli/io';
import { queryFile, runInProcess, signInStatus, snapshotFile, withAppOn } from './support/cli-in-process';
import { removeDir, tempDir } from './support/services';
import { MIKE, OWNER, ipcWindow, value } from '../electron/main/services/two-factor/two-factor.test-support';

// `user block NAME --reason TEXT --on DATE` (issue 17 item 6) on a real SQLite file, in-process.
const dir = tempDir('portcullis-cli-block-');
let db = '';
const BOB = { username: 'bob', password: 'a long password for bob' };
const ACTOR = `cli:${userInfo().username}`;

const cli = (...args: string[]) =>
  runInProcess(
    (p) => {
      supportCommand(p);
    },
    db,
    args,
  );
const query = <T>(sql: string, ...params: unknown[]) => queryFile<T>(db, sql, ...params);
const events = (code: string) =>
  query<{ actor_name: string; subject_name: string; details: string }>(
    'SELECT actor_name, subject_name, details FROM audit_events WHERE code = ? ORDER BY id',
    code,
  );
const userRow = (username: string) =>
  query<{ status: string; blocking_date: string | null }>(
    'SELECT status, blocking_date FROM users WHERE username = ?',
    username,
  )[0];

beforeAll(async () => {
  await withAppOn(dir, async (app) => {
    db = app.dbPath;
    const owner = ipcWindow(app, 'owner');
    value(await owner.call('auth:createOwner', OWNER));
    for (const p of [MIKE, { ...BOB, displayName: 'Bob', email: 'bob@example.com' }])
      value(await owner.call('users:create', { ...p, role: 'member', mustChangePassword: false }));
  });
}, 60_000);

afterAll(() => {
  removeDir(dir);
});

describe('portcullis user block --reason --on', () => {
  it('bad dates, reasons and --until exit 2 with a clear message and write nothing', async () => {
    const before = snapshotFile(db);
    const cases: [string[], string][] = [
      [['--on', 'tomorrow'], 'Invalid --on: "tomorrow" is not a date. Write YYYY-MM-DD'],
      [['--on', '31/01/2099'], 'is not a date'],
      [['--on', '2099-02-30'], 'is not a date'],
      [['--on', '2099-13-01'], 'is not a date'],
      [['--on', '2099-02-30T10:00:00Z'], 'is not a date'],
      [['--on', '2020-01-01'], 'Invalid --on: 2020-01-01T00:00:00.000Z is in the past'],
      [['--on', '2021-06-01T10:00:00+02:00'], 'is in the past'],
      [['--reason', 'no'], 'Invalid --reason: Give a reason of at least 3 characters'],
      [['--reason', 'x'.repeat(501)], 'Invalid --reason'],
      [['--until', '2099-01-01'], 'Portcullis has no block that lifts itself'],
      [['--on'], 'error:'], // commander: no value for --on
    ];
    for (const [extra, message] of cases) {
      const r = await cli('user', 'block', 'bob', ...extra);
      expect({ extra, code: r.code }).toEqual({ extra, code: EXIT.usage });
      expect(r.err).toContain(message);
    }
    expect(snapshotFile(db)).toBe(before);
    expect(userRow('bob')).toEqual({ status: 'active', blocking_date: null });
  });

  it('--on sets the blocking date (they still sign in), audited with the reason; the same date again changes nothing', async () => {
    const r = await cli(
      'user',
      'block',
      'mike',
      '--on',
      '2099-01-31',
      '--reason',
      'Contract ends in January',
    );
    expect([r.code, r.out]).toEqual([EXIT.ok, 'mike will be blocked on 2099-01-31T00:00:00.000Z.']);
    expect(userRow('mike')).toEqual({ status: 'active', blocking_date: '2099-01-31T00:00:00.000Z' });
    expect(await signInStatus(dir, MIKE)).toBe('signed_in');
    const [event] = events('admin.user:updated');
    expect(event).toMatchObject({ actor_name: ACTOR, subject_name: 'mike' });
    expect(JSON.parse(event?.details ?? '{}')).toEqual({
      before: { blocking_date: null },
      after: { blocking_date: '2099-01-31T00:00:00.000Z' },
      reason: 'Contract ends in January',
    });
    const again = await cli('user', 'block', 'mike', '--on', '2099-01-31T00:00:00Z');
    expect(again.out).toContain('nothing changed');
    expect(events('admin.user:updated')).toHaveLength(1);
  });

  it('with a reason, blocks now: sign-in refused, the reason in the audit event; the service refuses a past --on too', async () => {
    const r = await cli('user', 'block', 'bob', '--reason', '  Reported stolen laptop  ');
    expect([r.code, r.out]).toEqual([EXIT.ok, 'bob blocked; their sessions ended.']);
    expect(userRow('bob')?.status).toBe('blocked');
    expect(await signInStatus(dir, BOB)).not.toBe('signed_in');
    const [event] = events('admin.user:blocked');
    expect(event).toMatchObject({ actor_name: ACTOR, subject_name: 'bob' });
    expect(JSON.parse(event?.details ?? '{}')).toMatchObject({ reason: 'Reported stolen laptop' });

    // The channel checks the date itself (the desktop and team server do not go through the CLI).
    await withAppOn(dir, async (app) => {
      const owner = ipcWindow(app, 'owner');
      value(await owner.call('auth:signIn', { login: OWNER.username, password: OWNER.password }));
      const id = query<{ id: number }>("SELECT id FROM users WHERE username = 'mike'")[0]?.id ?? 0;
      const past = await owner.call('users:block', { userIds: [id], on: '2020-01-01T00:00:00Z' });
      expect(past).toMatchObject({ ok: false, code: 'invalid_input' });
      expect(past.ok ? '' : past.message).toContain('in the past');
    });
    expect(userRow('mike')?.blocking_date).toBe('2099-01-31T00:00:00.000Z');
  });
});
