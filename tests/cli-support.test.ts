import { existsSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userCommand } from '../cli/commands/user.command';
import { supportCommand } from '../cli/commands/support.command';
import { auditCommand } from '../cli/commands/audit.command';
import { EXIT } from '../cli/io';
import { queryFile, runInProcess, signInStatus, snapshotFile, withAppOn } from './support/cli-in-process';
import { bundleCli, runBundled } from './support/cli-bundle';
import { removeDir, tempDir, type TestApp } from './support/services';
import {
  MIKE,
  OWNER,
  SUE,
  ipcWindow,
  twoFactorSteps,
  value,
} from '../electron/main/services/two-factor/two-factor.test-support';

// The CLI's support commands run in-process on a real SQLite file and the real keychain (the
// seeding app and the CLI share the 'Portcullis' keychain entry); spawning tsx per call is slow.
const dir = tempDir('portcullis-cli-support-');
let db = '';
const BOB = { username: 'bob', password: 'a long password for bob' };
/** Written independently of cli/operator.ts, so a wrong actor name fails here. */
const ACTOR = `cli:${userInfo().username}`;

const cli = (...args: string[]) =>
  runInProcess(
    (p) => {
      userCommand(p);
      supportCommand(p);
    },
    db,
    args,
  );

const withApp = <T>(fn: (app: TestApp) => Promise<T>) => withAppOn(dir, fn);
const query = <T>(sql: string, ...params: unknown[]) => queryFile<T>(db, sql, ...params);
const snapshot = () => snapshotFile(db);

interface Event {
  actor_name: string;
  subject_name: string;
  details: string;
}
const events = (code: string) =>
  query<Event>('SELECT actor_name, subject_name, details FROM audit_events WHERE code = ?', code);

const signIn = (who: { username: string; password: string }) => signInStatus(dir, who);
const liveSessions = (username: string) =>
  query<{ id: string }>(
    'SELECT s.id FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.username = ? AND s.ended_at IS NULL',
    username,
  ).map((r) => r.id);

beforeAll(async () => {
  await withApp(async (app) => {
    db = app.dbPath;
    const owner = ipcWindow(app, 'owner');
    value(await owner.call('auth:createOwner', OWNER));
    for (const [p, role] of [
      [MIKE, 'member'],
      [SUE, 'support'],
      [{ ...BOB, displayName: 'Bob', email: 'bob@example.com' }, 'member'],
    ] as const)
      value(await owner.call('users:create', { ...p, role, mustChangePassword: false }));
    await twoFactorSteps(() => app).enableTotp();
  });
}, 60_000);

afterAll(() => {
  removeDir(dir);
});

describe('portcullis support commands (user disable-2fa|unlock|block|unblock|end-sessions|reset-password, session)', () => {
  it('bad arguments exit 2 with a clear message and write nothing', async () => {
    const before = snapshot();
    const cases: [string[], string][] = [
      [['user', 'disable-2fa', 'mike'], "required option '--reason <text>'"],
      [['user', 'disable-2fa', 'mike', '--reason', 'no'], 'Invalid --reason: Give a reason of at least 3'],
      [['user', 'disable-2fa', 'mike', '--reason', 'x'.repeat(501)], 'Invalid --reason'],
      [['user', 'unlock', 'bob;rm'], 'Invalid username: Use letters, digits'],
      [['user', 'block', 'b'.repeat(65)], 'Invalid username: Use at most 64'],
      [['user', 'unblock', 'bob', 'extra'], 'too many arguments'],
      [['user', 'reset-password'], "missing required argument 'name'"],
      [['session', 'end'], 'Give --id SESSION or --user NAME'],
      [['session', 'end', '--id', 'a'.repeat(32), '--user', 'bob'], 'Give --id SESSION or --user NAME'],
      [['session', 'end', '--id', 'A'.repeat(32)], 'Invalid --id: Not a session id'],
      [['session', 'list', '--ip', '1'.repeat(65)], 'Invalid --ip'],
    ];
    for (const [args, message] of cases) {
      const r = await cli(...args);
      expect({ args, code: r.code }).toEqual({ args, code: EXIT.usage });
      expect(r.err).toContain(message);
    }
    expect(snapshot()).toBe(before);
  });

  it('an unknown user or an ended session: exit 1, "No user named X", nothing written; no database: exit 3', async () => {
    const before = snapshot();
    for (const args of [
      ['user', 'disable-2fa', 'nobody', '--reason', 'lost phone'],
      ['user', 'unlock', 'nobody'],
      ['user', 'block', 'nobody'],
      ['user', 'unblock', 'nobody'],
      ['user', 'end-sessions', 'nobody'],
      ['user', 'reset-password', 'nobody'],
      ['session', 'end', '--user', 'nobody'],
    ]) {
      const r = await cli(...args);
      expect({ args, code: r.code }).toEqual({ args, code: EXIT.failed });
      expect(r.err).toContain('No user named nobody');
    }
    const ended = await cli('session', 'end', '--id', 'ab'.repeat(16));
    expect([ended.code, ended.err]).toEqual([EXIT.failed, 'That session has already ended.']);
    expect(snapshot()).toBe(before);
    // A mistyped --db: exit 3, and no empty directory is created there.
    const missing = join(dir, 'typo.db');
    const typo = await cli('user', 'unlock', 'bob', '--db', missing);
    expect([typo.code, typo.err]).toEqual([
      EXIT.environment,
      expect.stringContaining('There is no database at'),
    ]);
    expect(existsSync(missing)).toBe(false);
  });

  it('unlock: a locked-out user signs in again; audited as the CLI operator; a second unlock changes nothing', async () => {
    let status = '';
    for (let i = 0; i < 20 && status !== 'account_locked'; i++)
      status = await signIn({ ...BOB, password: 'wrong password' });
    expect(status).toBe('account_locked');
    expect(await signIn(BOB)).toBe('account_locked');
    const r = await cli('user', 'unlock', 'BOB');
    expect([r.code, r.out]).toEqual([EXIT.ok, 'bob unlocked; they can sign in again.']);
    expect(events('admin.user:unlocked')).toMatchObject([{ actor_name: ACTOR, subject_name: 'bob' }]);
    expect(await signIn(BOB)).toBe('signed_in');
    expect((await cli('user', 'unlock', 'bob')).out).toBe('bob was not locked; nothing changed.');
    expect(events('admin.user:unlocked')).toHaveLength(1);
  });

  it('block ends every session and refuses sign-in; unblock lets them back in', async () => {
    expect(await signIn(SUE)).toBe('signed_in');
    expect(liveSessions('sue').length).toBeGreaterThan(0);
    const r = await cli('user', 'block', 'sue');
    expect([r.code, r.out]).toEqual([EXIT.ok, 'sue blocked; their sessions ended.']);
    expect(liveSessions('sue')).toEqual([]);
    expect(events('admin.user:blocked')).toMatchObject([{ actor_name: ACTOR, subject_name: 'sue' }]);
    expect(await signIn(SUE)).toBe('account_blocked');
    expect((await cli('user', 'block', 'sue')).out).toBe('sue was already blocked; nothing changed.');
    expect((await cli('user', 'unblock', 'sue')).code).toBe(EXIT.ok);
    expect(events('admin.user:unblocked')).toMatchObject([{ actor_name: ACTOR, subject_name: 'sue' }]);
    expect(await signIn(SUE)).toBe('signed_in');
  });

  it('session list shows ids; session end --id ends exactly one; --user and end-sessions end the rest', async () => {
    await signIn(SUE);
    const live = liveSessions('sue');
    expect(live.length).toBeGreaterThanOrEqual(2);
    const list = await cli('session', 'list', '--user', 'sue', '--json');
    expect(list.code).toBe(EXIT.ok);
    expect((JSON.parse(list.out) as { id: string }[]).map((s) => s.id).sort()).toEqual([...live].sort());
    const one = await cli('session', 'end', '--id', live[0] ?? '');
    expect([one.code, one.out]).toEqual([EXIT.ok, `Session ${live[0] ?? ''} ended.`]);
    expect(liveSessions('sue').sort()).toEqual(live.slice(1).sort());
    expect(events('session:revoked').at(-1)).toMatchObject({ actor_name: ACTOR, subject_name: 'sue' });
    expect((await cli('session', 'end', '--user', 'sue')).out).toBe('Every session of sue ended.');
    expect(liveSessions('sue')).toEqual([]);
    expect((await cli('user', 'revoke-sessions', 'sue')).out).toBe('sue had no sessions; nothing changed.');
    expect(events('admin.sessions:revoked_all')).toMatchObject([{ actor_name: ACTOR, subject_name: 'sue' }]);
  });

  it('disable-2fa: off, the user emailed through the outbox, reason audited; not twice; never for an owner', async () => {
    expect(await signIn(MIKE)).toBe('second_step');
    expect(liveSessions('mike').length).toBeGreaterThan(0); // from setting 2FA up
    const r = await cli('user', 'disable-2fa', 'mike', '--reason', '  Lost phone, checked by video call ');
    expect([r.code, r.out]).toEqual([
      EXIT.ok,
      'Two-factor authentication turned off for mike; their sessions ended and an email telling them is queued.',
    ]);
    expect(liveSessions('mike')).toEqual([]);
    const [event] = events('user.2fa:disabled_by_admin');
    expect(event).toMatchObject({ actor_name: ACTOR, subject_name: 'mike' });
    expect(JSON.parse(event?.details ?? '{}')).toMatchObject({ reason: 'Lost phone, checked by video call' });
    const mail = query<{ recipient: string; status: string }>(
      "SELECT o.recipient, o.status FROM outbox o JOIN users u ON u.id = o.user_id WHERE u.username = 'mike' AND o.template = 'two_factor_disabled_by_admin'",
    );
    expect(mail).toHaveLength(1);
    expect(await signIn(MIKE)).toBe('signed_in');
    const again = await cli('user', 'disable-2fa', 'mike', '--reason', 'lost phone');
    expect([again.code, again.err]).toEqual([
      EXIT.failed,
      'Two-factor authentication is not on for this user.',
    ]);
    const before = snapshot();
    const owner = await cli('user', 'disable-2fa', OWNER.username, '--reason', 'lost phone');
    expect(owner.code).toBe(EXIT.failed);
    expect(owner.err).toContain('Nobody can turn off two-factor authentication for an owner');
    expect(snapshot()).toBe(before);
  });

  it('reset-password queues the code email in the outbox and is audited; never to an owner', async () => {
    const r = await cli('user', 'send-reset', 'bob');
    expect([r.code, r.out]).toEqual([EXIT.ok, 'Password reset code queued for bob (sent by email).']);
    const mail = query<{ status: string }>(
      "SELECT o.status FROM outbox o JOIN users u ON u.id = o.user_id WHERE u.username = 'bob' AND o.template = 'password_reset_code'",
    );
    expect(mail).toEqual([{ status: 'pending' }]);
    expect(events('admin.user:password_reset_sent')).toMatchObject([
      { actor_name: ACTOR, subject_name: 'bob' },
    ]);
    const before = snapshot();
    const owner = await cli('user', 'reset-password', OWNER.username);
    expect(owner.code).toBe(EXIT.failed);
    expect(owner.err).toContain('Nobody can send a password reset to an owner');
    expect(snapshot()).toBe(before);
  });

  it('audit export --ip and --text keep only matching events, --user takes the CLI operator, empty values exit 2', async () => {
    const exported = async (...filter: string[]) => {
      const out = join(dir, 'filtered.jsonl');
      expect((await runInProcess(auditCommand, db, ['audit', 'export', '--out', out, ...filter])).code).toBe(
        0,
      );
      const lines = readFileSync(out, 'utf8').trim().split('\n').slice(1, -1); // between the header and the manifest
      return lines.map((l) => JSON.parse(l) as { id: number; ip: string | null; actor: string | null });
    };
    const ids = (sql: string, ...p: unknown[]) => query<{ id: number }>(sql, ...p).map((r) => r.id);
    const byIp = await exported('--ip', '81.2.69.142');
    expect(byIp.map((e) => e.id)).toEqual(
      ids("SELECT id FROM audit_events WHERE ip = '81.2.69.142' ORDER BY id"),
    );
    // The filter filtered: the CLI's own events (127.0.0.1) are in the log and not in the file.
    expect([byIp.length > 0, byIp.length < ids('SELECT id FROM audit_events').length]).toEqual([true, true]);
    const cliBob = await exported('--user', ACTOR, '--text', 'password_reset');
    const expected = ids(
      "SELECT id FROM audit_events WHERE actor_name = ? AND code LIKE '%password_reset%'",
      ACTOR,
    );
    expect([cliBob.map((e) => e.id), expected.length]).toEqual([expected, 1]);
    const before = snapshot();
    for (const flag of ['--ip', '--text', '--user'])
      expect((await runInProcess(auditCommand, db, ['audit', 'export', '--out', 'x', flag, ' '])).code).toBe(
        2,
      );
    expect(snapshot()).toBe(before);
  });

  it('the real `portcullis` entry point has the commands, with the same exit codes and messages', () => {
    const script = bundleCli('cli-support');
    const before = snapshot();
    const bad = runBundled(script, ['user', 'disable-2fa', 'mike', '--reason', 'no', '--db', db]);
    expect([bad.code, bad.err]).toEqual([EXIT.usage, expect.stringContaining('Invalid --reason')]);
    const unknown = runBundled(script, ['user', 'unblock', 'nobody', '--db', db]);
    expect([unknown.code, unknown.err]).toEqual([
      EXIT.failed,
      expect.stringContaining('No user named nobody'),
    ]);
    expect(snapshot()).toBe(before);
    const list = runBundled(script, ['session', 'list', '--json', '--db', db]);
    expect([list.code, Array.isArray(JSON.parse(list.out))]).toEqual([EXIT.ok, true]);
  });
});
