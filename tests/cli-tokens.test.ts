import { userInfo } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenCommand } from '../cli/commands/token.command';
import { EXIT } from '../cli/io';
import { CLI_CLIENT } from '../electron/main/services/context';
import type { ApiTokenView } from '../shared/ipc/contracts/tokens.contract';
import { queryFile, runInProcess, snapshotFile, withAppOn } from './support/cli-in-process';
import { removeDir, tempDir } from './support/services';
import { MEMBER, OWNER } from './support/people';
import { ipcWindow, value } from '../electron/main/services/two-factor/two-factor.test-support';

// `token list|revoke` in-process on a real SQLite file and keychain; tokens are made by the app.
const dir = tempDir('portcullis-cli-tokens-');
let db = '';
const ACTOR = `cli:${userInfo().username}`;
const secrets: string[] = [];

const cli = (...args: string[]) => runInProcess(tokenCommand, db, ['token', ...args]);

beforeAll(async () => {
  await withAppOn(dir, async (app) => {
    db = app.dbPath;
    const owner = ipcWindow(app, 'owner');
    value(await owner.call('auth:createOwner', OWNER));
    value(await owner.call('users:create', { ...MEMBER, mustChangePassword: false }));
    const mike = await app.container.repositories.users.findByLogin(MEMBER.username);
    if (!mike) throw new Error('no mike');
    const actor = { id: mike.id, username: mike.username, role: 'member' as const, sessionId: null };
    for (const name of ['deploy bot', 'backup job'])
      secrets.push(
        (
          await app.container.services.tokens.create(
            mike,
            actor,
            { name, months: 3, role: 'member' },
            CLI_CLIENT,
          )
        ).secret,
      );
  });
}, 60_000);

afterAll(() => {
  removeDir(dir);
});

describe('portcullis token list|revoke', () => {
  it('token list --json lists every token with its hint, never a secret; --user filters', async () => {
    const r = await cli('list', '--json');
    expect(r.code, r.err).toBe(EXIT.ok);
    const list = JSON.parse(r.out) as ApiTokenView[];
    expect(list.map((t) => [t.username, t.name, t.status]).sort()).toEqual([
      [MEMBER.username, 'backup job', 'active'],
      [MEMBER.username, 'deploy bot', 'active'],
    ]);
    for (const secret of secrets) expect(r.out).not.toContain(secret.slice(12));
    expect(JSON.parse((await cli('list', '--json', '--user', OWNER.username)).out)).toEqual([]);
    expect((await cli('list')).out).toContain('deploy bot');
  });

  it('token revoke ends the token, audited as cli:<OS user>; twice or unknown exits 1', async () => {
    const [first] = JSON.parse((await cli('list', '--json')).out) as ApiTokenView[];
    const id = String(first?.id);
    const r = await cli('revoke', id);
    expect(r.code, r.err).toBe(EXIT.ok);
    const list = JSON.parse((await cli('list', '--json')).out) as ApiTokenView[];
    expect(list.find((t) => String(t.id) === id)?.status).toBe('revoked');
    const rows = queryFile<{ actor_name: string; subject_name: string }>(
      db,
      "SELECT actor_name, subject_name FROM audit_events WHERE code = 'token:revoked'",
    );
    expect(rows).toEqual([{ actor_name: ACTOR, subject_name: MEMBER.username }]);
    expect((await cli('revoke', id)).code).toBe(EXIT.failed);
    expect((await cli('revoke', '999999')).code).toBe(EXIT.failed);
  });

  it('bad arguments exit 2 and write nothing', async () => {
    const before = snapshotFile(db);
    for (const args of [
      ['revoke', '0'],
      ['revoke', '-1'],
      ['revoke', '1.5'],
      ['revoke', 'abc'],
      ['revoke'],
      ['list', '--user', 'x'.repeat(65)],
      ['list', '--bogus'],
    ]) {
      const r = await cli(...args);
      expect(r.code, args.join(' ')).toBe(EXIT.usage);
      expect(r.err, args.join(' ')).toMatch(
        /Invalid token id|Invalid --user|missing required argument|unknown option/,
      );
    }
    expect(snapshotFile(db)).toBe(before);
  });
});
