import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenCommand } from '../cli/commands/token.command';
import { EXIT } from '../cli/io';
import { selectRemote } from '../cli/remote/runner';
import { queryFile, runInProcess, snapshotFile, withAppOn } from './support/cli-in-process';
import { removeDir, tempDir } from './support/services';
import { MEMBER, OWNER } from './support/people';
import { ipcWindow, value } from '../electron/main/services/two-factor/two-factor.test-support';

// `token create` in-process on a real SQLite file and keychain; the token is then checked by the app.
const dir = tempDir('portcullis-cli-token-create-');
let db = '';
const ACTOR = `cli:${userInfo().username}`;

const cli = (...args: string[]) => runInProcess(tokenCommand, db, ['token', 'create', ...args]);

beforeAll(async () => {
  selectRemote(null);
  await withAppOn(dir, async (app) => {
    db = app.dbPath;
    const owner = ipcWindow(app, 'owner');
    value(await owner.call('auth:createOwner', OWNER));
    value(await owner.call('users:create', { ...MEMBER, mustChangePassword: false }));
  });
}, 60_000);

afterAll(() => {
  removeDir(dir);
});

describe('portcullis token create', () => {
  it('prints the secret alone on stdout, once; the token works with its role, is audited as the operator and listed with a hint only', async () => {
    const r = await cli(
      '--user',
      MEMBER.username,
      '--name',
      'nightly report',
      '--role',
      'member',
      '--months',
      '3',
    );
    expect(r.code, r.err).toBe(EXIT.ok);
    const secret = r.out.trim();
    expect(r.out).toBe(secret); // nothing else on stdout
    expect(secret).toMatch(/^pcl_[A-Za-z0-9_-]{43}$/);
    expect(r.err).toContain('only time the secret is shown');
    expect(r.err).not.toContain(secret);
    const verdict = await withAppOn(dir, (app) => app.container.services.tokens.verify(secret));
    expect(verdict).toMatchObject({ status: 'valid', owner: MEMBER.username, role: 'member' });
    const rows = queryFile<{
      name: string;
      role: string;
      token_hash: string;
      expires_at: string;
      created_at: string;
    }>(db, 'SELECT name, role, token_hash, expires_at, created_at FROM api_tokens');
    expect(rows).toHaveLength(1);
    expect(rows[0]?.token_hash).not.toContain(secret.slice(4));
    const months =
      (new Date(rows[0]?.expires_at ?? '').getTime() - new Date(rows[0]?.created_at ?? '').getTime()) /
      (30.4 * 86_400_000);
    expect(Math.round(months)).toBe(3);
    const audit = queryFile<{ code: string; actor_name: string }>(
      db,
      "SELECT code, actor_name FROM audit_events WHERE code = 'token:created'",
    );
    expect(audit).toEqual([{ code: 'token:created', actor_name: ACTOR }]);
    // A second run makes a second, different secret: nothing is ever shown twice.
    const again = await cli(
      '--user',
      MEMBER.username,
      '--name',
      'second',
      '--role',
      'member',
      '--months',
      '1',
    );
    expect(again.code).toBe(EXIT.ok);
    expect(again.out.trim()).not.toBe(secret);
  });

  it.each([
    [['--name', 'x', '--role', 'member', '--months', '1'], 'Give --user NAME'],
    [['--user', 'mike', '--name', '', '--role', 'member', '--months', '1'], 'Invalid --name'],
    [['--user', 'mike', '--name', 'x'.repeat(65), '--role', 'member', '--months', '1'], 'Invalid --name'],
    [['--user', 'mike', '--name', 'x', '--role', 'root', '--months', '1'], 'Invalid --role'],
    [['--user', 'mike', '--name', 'x', '--role', 'member', '--months', '0'], 'At least 1 month'],
    [['--user', 'mike', '--name', 'x', '--role', 'member', '--months', '13'], 'At most 12 months'],
    [['--user', 'mike', '--name', 'x', '--role', 'member', '--months', '1.5'], 'whole number of months'],
    [['--user', 'mike', '--name', 'x', '--role', 'member', '--months', '-1'], 'whole number of months'],
    [['--user', 'mike', '--name', 'x', '--role', 'member', '--months', '1e1'], 'whole number of months'],
    [['--user', "mike' OR 1=1 --", '--name', 'x', '--role', 'member', '--months', '1'], 'Invalid --user'],
    [['--user', 'mike', '--name', 'x', '--role', 'admin', '--months', '1'], 'above its owner'],
    [['--user', 'mike', '--name', 'x', '--role', 'owner', '--months', '1'], 'above its owner'],
  ])('refuses %j with a clear usage error and writes nothing', async (args, message) => {
    const before = snapshotFile(db);
    const r = await cli(...args);
    expect(r.code).toBe(EXIT.usage);
    expect(r.err).toContain(message);
    expect(r.out).toBe('');
    expect(snapshotFile(db)).toBe(before);
  });

  it('refuses a user who does not exist (exit 1) and a missing required option (exit 2), writing nothing', async () => {
    const before = snapshotFile(db);
    const ghost = await cli('--user', 'ghost', '--name', 'x', '--role', 'member', '--months', '1');
    expect(ghost.code).toBe(EXIT.failed);
    expect(ghost.err).toContain('No user named ghost');
    const missing = await cli('--user', 'mike', '--name', 'x', '--role', 'member');
    expect(missing.code).toBe(EXIT.usage);
    expect(missing.err).toContain('--months');
    expect(snapshotFile(db)).toBe(before);
  });

  it('the owner may get an owner token; the role is never above the owner of the token', async () => {
    const r = await cli('--user', OWNER.username, '--name', 'ops', '--role', 'auditor', '--months', '12');
    expect(r.code, r.err).toBe(EXIT.ok);
    const verdict = await withAppOn(dir, (app) => app.container.services.tokens.verify(r.out.trim()));
    expect(verdict).toMatchObject({ status: 'valid', owner: OWNER.username, role: 'auditor' });
  });
});
