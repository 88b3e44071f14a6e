import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settingsCommand } from '../cli/commands/settings.command';
import { EXIT } from '../cli/io';
import { queryFile, runInProcess, snapshotFile, withAppOn } from './support/cli-in-process';
import { removeDir, tempDir } from './support/services';
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
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(EXIT.usage);
      expect(r.err, args.join(' ')).toMatch(
        /Invalid --sms-available|unknown option|does not take an argument|argument missing/,
      );
    }
    expect(snapshotFile(db)).toBe(before);
  });
});
