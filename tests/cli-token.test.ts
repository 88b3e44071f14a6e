import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, startServices, tempDir } from './support/services';
import type { CreatedApiToken } from '../shared/ipc/contracts/tokens.contract';
import { seedUsers, signedInWindow } from './support/my-security-fixtures';

const root = join(__dirname, '..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const dir = tempDir('portcullis-cli-token-');

function cli(args: string[], stdin = '') {
  const r = spawnSync(process.execPath, [tsx, 'cli/index.ts', ...args], {
    cwd: root,
    input: stdin,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

afterAll(() => {
  removeDir(dir);
});

describe('portcullis token verify', () => {
  it("accepts a live token (owner, role, expiry), shows a demoted owner's lower role, refuses it after revoke or block, and says invalid for garbage", async () => {
    // Real clock here: the CLI process uses the system clock.
    const { ManualClock } = await import('../electron/main/adapters/clock');
    const app = await startServices({
      dir,
      clock: new ManualClock(new Date()),
      keychainService: 'Portcullis',
    });
    await seedUsers(app, { username: 'mike', role: 'support', password: 'members only password' });
    const w = await signedInWindow(app, 'w', 'mike', 'members only password');
    const created = await w.call('tokens:create', { name: 'ci', months: 1, role: 'member' });
    if (!created.ok) throw new Error(created.message);
    const { secret, token } = created.value as CreatedApiToken;
    const wideCreated = await w.call('tokens:create', { name: 'wide', months: 1, role: 'support' });
    if (!wideCreated.ok) throw new Error(wideCreated.message);
    const wide = wideCreated.value as CreatedApiToken;
    await app.close();
    const db = app.dbPath;

    const ok = cli(['token', 'verify', '--db', db], `${secret}\n`);
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.out).toBe(`valid: owner mike, role member, expires ${token.expiresAt}\n`);

    const json = cli(['token', 'verify', '--json', '--db', db], secret);
    expect(JSON.parse(json.out)).toMatchObject({ status: 'valid', owner: 'mike' });

    const garbage = cli(['token', 'verify', '--db', db], 'pcl_not-a-real-token');
    expect(garbage.code).toBe(1);
    expect(garbage.out).toBe('invalid\n');

    const again = await startServices({
      dir,
      clock: new ManualClock(new Date()),
      keychainService: 'Portcullis',
    });
    const owner = await again.container.repositories.users.findByLogin('mike');
    const olivia = await again.container.repositories.users.findByLogin('olivia');
    if (!owner || !olivia) throw new Error('no user');
    const client = { ip: '127.0.0.1', userAgent: 'test' };
    await again.container.services.tokens.revoke(
      { id: owner.id, username: 'mike', role: 'support', sessionId: null },
      token.id,
      client,
      'own',
    );
    // The owner demotes mike to member: his support token now acts as a member.
    const oliviaActor = { id: olivia.id, username: 'olivia', role: 'owner' as const, sessionId: null };
    await again.container.services.users.update({ id: owner.id, role: 'member' }, oliviaActor, client);
    await again.close();
    const revoked = cli(['token', 'verify', '--db', db], secret);
    expect(revoked.code).toBe(1);
    expect(revoked.out).toBe('revoked\n');
    const demoted = cli(['token', 'verify', '--db', db], wide.secret);
    expect(demoted.code).toBe(0);
    expect(demoted.out).toBe(
      `valid: owner mike, role member (created as support; limited to the owner's current role), expires ${wide.token.expiresAt}\n`,
    );

    const third = await startServices({
      dir,
      clock: new ManualClock(new Date()),
      keychainService: 'Portcullis',
    });
    await third.container.services.support.block([owner.id], oliviaActor, client);
    await third.close();
    const blocked = cli(['token', 'verify', '--json', '--db', db], wide.secret);
    expect(blocked.code).toBe(1);
    expect(JSON.parse(blocked.out)).toEqual({ status: 'invalid' });
    expect(cli(['token', 'verify', '--db', db], '').code).toBe(2);
  }, 60_000);
});
