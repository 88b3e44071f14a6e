import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startServices, windowCaller, type TestApp } from './support/services';
import { checkDatabase } from '../electron/main/db/backup';

const root = join(__dirname, '..');
const tsx = join(root, 'node_modules/tsx/dist/cli.mjs');
const cli = (args: string[]) => {
  const r = spawnSync(process.execPath, [tsx, 'cli/index.ts', ...args], { cwd: root, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
};

describe('backup and restore', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startServices({ keychainService: 'Portcullis' });
    const { caller } = windowCaller('w');
    await app.container.services.auth.createOwner(
      {
        username: 'olivia',
        displayName: 'Olivia',
        email: 'olivia@example.com',
        password: 'correct horse battery staple',
      },
      caller.client,
    );
    await app.container.services.auth
      .signIn({ login: 'olivia', password: 'wrong' }, caller.client)
      .catch(() => undefined);
  });
  afterAll(async () => {
    await app.close();
    removeDir(app.dir);
  });

  it('backs up a live database (app still open) and restores it after the original is lost', async () => {
    const backup = join(app.dir, 'backup.db');
    const made = cli(['backup', '--out', backup, '--db', app.dbPath]);
    expect(made.err).toBe('');
    expect(made.code).toBe(0);
    // A checkpoint is signed before the copy, so the backup's 3 events are all covered by a signature.
    expect(made.out).toMatch(
      /integrity ok, audit chain intact \(3 events, 1 signed checkpoints by [0-9a-f]{64} \(this directory’s key\)\)/,
    );
    expect(cli(['backup', '--out', backup, '--db', app.dbPath])).toMatchObject({ code: 1 });

    const target = join(app.dir, 'restored.db');
    const restored = cli(['restore', '--from', backup, '--db', target]);
    expect(restored.code).toBe(0);
    expect(await checkDatabase(target)).toEqual({ integrity: 'ok', auditEvents: 3, chainBrokenAt: null });
    const users = new BetterSqlite3(target, { readonly: true }).prepare('SELECT username FROM users').all();
    expect(users).toEqual([{ username: 'olivia' }]);
    expect(cli(['restore', '--from', backup, '--db', target]).err).toContain('pass --force');
    expect(cli(['restore', '--from', backup, '--db', target, '--force']).code).toBe(0);
  });

  it('refuses to restore a backup whose audit log was altered', () => {
    const backup = join(app.dir, 'tampered.db');
    expect(cli(['backup', '--out', backup, '--db', app.dbPath]).code).toBe(0);
    const raw = new BetterSqlite3(backup);
    raw.exec(
      "DROP TRIGGER audit_no_update; UPDATE audit_events SET message = 'nothing happened' WHERE id = 3",
    );
    raw.close();
    const r = cli(['restore', '--from', backup, '--db', join(app.dir, 'never.db')]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('altered at event 3');
  });

  it('refuses to restore a backup whose newest events were cut back past its signed checkpoint', () => {
    const backup = join(app.dir, 'cut.db');
    copyFileSync(join(app.dir, 'backup.db'), backup); // made by the first test
    const raw = new BetterSqlite3(backup);
    // No hashing needed: drop the trigger and delete the newest event; the chain alone still links.
    raw.exec('DROP TRIGGER audit_no_delete; DELETE FROM audit_events WHERE id = 3');
    raw.close();
    const target = join(app.dir, 'never-cut.db');
    const r = cli(['restore', '--from', backup, '--db', target]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/Not restoring .*altered at event 3: events from 3 on were removed/);
    expect(existsSync(target)).toBe(false);
  });
});
