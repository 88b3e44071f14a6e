import { userInfo } from 'node:os';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { settingsCommand } from '../cli/commands/settings.command';
import { EXIT } from '../cli/io';
import { queryFile, runInProcess, snapshotFile, withAppOn } from './support/cli-in-process';
import { removeDir, tempDir } from './support/services';
import { loopbackServersPerDescribe } from './support/loopback-servers';
import { OWNER, ipcWindow, value } from '../electron/main/services/two-factor/two-factor.test-support';

// `settings services show|set` in-process on a real SQLite file and keychain.
const dir = tempDir('portcullis-cli-services-');
let db = '';
const ACTOR = `cli:${userInfo().username}`;
const cli = (...args: string[]) => runInProcess(settingsCommand, db, ['settings', 'services', ...args]);
const show = async () => JSON.parse((await cli('show', '--json')).out) as Record<string, unknown>;

beforeAll(async () => {
  await withAppOn(dir, async (app) => {
    db = app.dbPath;
    value(await ipcWindow(app, 'owner').call('auth:createOwner', OWNER));
  });
}, 60_000);

afterAll(() => {
  removeDir(dir);
});

describe('portcullis settings services show|set', () => {
  it('set changes only the options given, show reads them back, each change audited as cli:<OS user>', async () => {
    const before = await show();
    const r = await cli('set', '--sms-enabled', '--sms-available', '250', '--json');
    expect(r.code, r.err).toBe(EXIT.ok);
    expect(JSON.parse(r.out)).toEqual({ ...before, smsEnabled: true, smsAvailable: 250 });
    expect((await cli('set', '--no-email-enabled')).code).toBe(EXIT.ok);
    expect(await show()).toEqual({ smsEnabled: true, smsAvailable: 250, emailEnabled: false });
    expect((await cli('show')).out).toContain('smsAvailable: 250');
    const rows = queryFile<{ actor_name: string; details: string }>(
      db,
      "SELECT actor_name, details FROM audit_events WHERE code = 'settings.services:updated' ORDER BY id",
    );
    expect(rows.map((e) => e.actor_name)).toEqual([ACTOR, ACTOR]);
    expect(JSON.parse(rows[0]?.details ?? '{}')).toMatchObject({ after: { smsAvailable: 250 } });
  });

  it('bad arguments exit 2 and write nothing', async () => {
    const before = snapshotFile(db);
    for (const args of [
      ['set', '--sms-available', '-1'],
      ['set', '--sms-available', '10000001'],
      ['set', '--sms-available', '1e3'],
      ['set', '--sms-available', ''],
      ['set', '--sms-enabled=yes'],
      ['set', '--bogus'],
      ['set', '--json'],
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(EXIT.usage);
      expect(r.err, args.join(' ')).toMatch(
        /Invalid --sms-available|unknown option|does not take an argument|argument missing|Nothing to change/,
      );
    }
    expect(snapshotFile(db)).toBe(before);
  });
});

describe('portcullis settings mail|sms test --to', () => {
  const { smtp } = loopbackServersPerDescribe();
  const settings = async (args: string[], stdin?: string) => {
    const input = Readable.from(stdin === undefined ? [] : [Buffer.from(stdin)]);
    const spy = vi.spyOn(process, 'stdin', 'get').mockReturnValue(input as unknown as typeof process.stdin);
    try {
      return await runInProcess(settingsCommand, db, ['settings', ...args]);
    } finally {
      spy.mockRestore();
    }
  };

  it('mail test sends through the settings the CLI saved; a wrong password exits 1 with the reason', async () => {
    const base = [
      'mail',
      'set',
      '--host',
      '127.0.0.1',
      '--port',
      String(smtp.port),
      '--security',
      'starttls',
    ];
    const set = await settings(
      [...base, '--user', smtp.user, '--from', 'ops@example.com', '--allow-self-signed', '--password-stdin'],
      smtp.password,
    );
    expect(set.code, set.err).toBe(EXIT.ok);
    const sent = await settings(['mail', 'test', '--to', 'check@example.com']);
    expect(sent.code, sent.err).toBe(EXIT.ok);
    expect(smtp.messages.map((m) => m.to)).toEqual(['check@example.com']);
    expect((await settings(['mail', 'set', '--password-stdin'], 'not the password')).code).toBe(EXIT.ok);
    const refused = await settings(['mail', 'test', '--to', 'check@example.com']);
    expect(refused.code).toBe(EXIT.failed);
    expect(refused.err).toMatch(/The test email was not sent: .+/);
    expect(smtp.messages).toHaveLength(1);
  });

  it('bad --to exits 2; an SMS test with no gateway exits 1 with the reason', async () => {
    for (const args of [
      ['mail', 'test', '--to', 'not-an-email'],
      ['mail', 'test'],
      ['sms', 'test', '--to', '07700900123'],
    ])
      expect((await settings(args)).code, args.join(' ')).toBe(EXIT.usage);
    const sms = await settings(['sms', 'test', '--to', '+447700900123']);
    expect(sms.code).toBe(EXIT.failed);
    expect(sms.err).toMatch(/The test SMS was not sent: .+/);
  });
});
