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
  it('accepts a live token (owner, role, expiry), refuses it after revoke, and says invalid for garbage', async () => {
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
    if (!owner) throw new Error('no user');
    await again.container.services.tokens.revoke(
      { id: owner.id, username: 'mike', role: 'support', sessionId: null },
      token.id,
      { ip: '127.0.0.1', userAgent: 'test' },
      'own',
    );
    await again.close();
    const revoked = cli(['token', 'verify', '--db', db], secret);
    expect(revoked.code).toBe(1);
    expect(revoked.out).toBe('revoked\n');
    expect(cli(['token', 'verify', '--db', db], '').code).toBe(2);
  }, 60_000);
});
