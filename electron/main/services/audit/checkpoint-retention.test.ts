import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../tests/support/services';
import { databaseArg, testEngine } from '../../../../tests/support/engine';
import {
  attacker,
  checkpointsOf,
  DAY,
  copyOf,
  forgetKeychain,
  keychain,
  openApp,
  writeEvents,
} from '../../../../tests/support/checkpoint-fixtures';
import { verifyDatabase } from './verify-db';
import { backupVerified, restoreVerified } from './backup-verify';

const dir = tempDir('portcullis-cp-retention-');
const made: string[] = [];

afterAll(async () => {
  for (const path of made) await forgetKeychain(path);
  removeDir(dir);
});

describe('retention, export and restore', () => {
  const path = join(dir, 'live.db');
  made.push(path);

  it('a legitimate retention prune is signed and verifies; a further cut of the oldest events does not', async () => {
    const { container, clock } = await openApp(path, 10);
    await writeEvents(container, clock, 25);
    clock.advance(3 * DAY);
    await writeEvents(container, clock, 12);
    const r = await container.services.auditRetention.setDays(1, null, null);
    expect(r.removed).toBe(25);
    await writeEvents(container, clock, 3);
    await container.close();
    const v = await verifyDatabase(databaseArg(path), { keychain });
    expect(v).toMatchObject({ status: 'intact', trust: 'trusted', headChecked: true });
    // kept + the setting's settings:changed + retention_applied + 3
    expect(v.status === 'intact' && v.events).toBe(12 + 1 + 1 + 3);

    const cut = await copyOf(dir, path, 'live-cut');
    const raw = attacker(cut);
    const first = raw.prepare('SELECT min(id) AS id FROM audit_events').get() as { id: number };
    const { hash } = raw.prepare('SELECT hash FROM audit_events WHERE id = ?').get(first.id + 2) as {
      hash: string;
    };
    raw.prepare('DELETE FROM audit_events WHERE id <= ?').run(first.id + 2);
    raw.prepare('UPDATE audit_anchor SET first_id = ?, prev_hash = ?').run(first.id + 3, hash);
    raw.close();
    expect(await verifyDatabase(databaseArg(cut))).toMatchObject({
      status: 'altered',
      eventId: first.id + 3,
    });
  });

  it('a prune of every event keeps the newest, so ids never restart and later checkpoints verify', async () => {
    const path2 = join(dir, 'all-old.db');
    made.push(path2);
    const { container, clock } = await openApp(path2, 10);
    // The setting first (its settings:changed event is event 1), then 25 events, then the daily
    // run three days later finds every event old.
    expect((await container.services.auditRetention.setDays(1, null, null)).removed).toBe(0);
    await writeEvents(container, clock, 25);
    clock.advance(3 * DAY);
    const r = await container.services.auditRetention.apply();
    expect(r.removed).toBe(25);
    await writeEvents(container, clock, 15);
    await container.close();
    // Events 21-25 went with the prune: the next checkpoint is 10 kept events after 20, at
    // event 35, which is still the 35th event since genesis.
    expect(checkpointsOf(path2).map((c) => [c.last_event_id, c.count])).toEqual([
      [10, 10],
      [20, 20],
      [35, 35],
      [42, 42],
    ]);
    expect(await verifyDatabase(databaseArg(path2), { keychain })).toMatchObject({
      status: 'intact',
      events: 17,
    });
  });

  it('export refuses a chain that does not verify, names the event and leaves no file', async () => {
    const broken = await copyOf(dir, path, 'export-broken');
    const raw = attacker(broken);
    const { id } = raw.prepare('SELECT max(id) - 4 AS id FROM audit_events').get() as { id: number };
    raw.prepare("UPDATE audit_events SET message = 'nothing happened' WHERE id = ?").run(id);
    raw.close();
    const { container } = await openApp(broken, 10);
    const out = join(dir, 'refused-export.jsonl');
    const request = {
      filter: {},
      format: 'jsonl' as const,
      out,
      actor: null,
      client: null,
      exportedBy: 'test',
    };
    try {
      await expect(container.services.auditExport.run(request)).rejects.toThrow(
        new RegExp(`Not exporting: .* altered at event ${id}: its content does not match its hash`),
      );
    } finally {
      await container.close();
    }
    expect(
      existsSync(join(dir, 'refused-export')) && readdirSync(join(dir, 'refused-export')),
    ).not.toBeTruthy();

    // The intact database exports, after a checkpoint signed for the export over new events.
    const { container: ok, clock } = await openApp(path, 10);
    try {
      await writeEvents(ok, clock, 2);
      const res = await ok.services.auditExport.run({ ...request, out: join(dir, 'ok.jsonl') });
      expect(res.events).toBeGreaterThan(0);
    } finally {
      await ok.close();
    }
    expect(checkpointsOf(path).some((c) => c.reason === 'export')).toBe(true);
  });

  // File backups are SQLite's (backup on PostgreSQL is pg_dump, refused by the CLI with a hint).
  it.skipIf(testEngine() === 'postgres')(
    'restore refuses a backup that does not verify, and a good restore resets the keychain head',
    async () => {
      const backup = join(dir, 'backup.db');
      const made1 = await backupVerified(path, backup, keychain);
      expect(made1.verdict).toMatchObject({ status: 'intact', trust: 'trusted' });

      const bad = await copyOf(dir, backup, 'backup-cut');
      const raw = attacker(bad);
      const { id } = raw
        .prepare('SELECT last_event_id AS id FROM audit_checkpoints ORDER BY id DESC')
        .get() as {
        id: number;
      };
      raw.prepare('DELETE FROM audit_events WHERE id >= ?').run(id);
      raw.close();
      const target = join(dir, 'restored.db');
      await expect(restoreVerified(bad, target, false, keychain)).rejects.toThrow(
        new RegExp(`Not restoring .*altered at event ${id}: events from ${id} on were removed`),
      );
      expect(existsSync(target)).toBe(false);

      // The app moves on past the backup; restoring the older backup over it is a deliberate rollback.
      const { container, clock } = await openApp(path, 10);
      await writeEvents(container, clock, 12);
      await container.close();
      await restoreVerified(backup, path, true, keychain);
      expect(await verifyDatabase(databaseArg(path), { keychain })).toMatchObject({
        status: 'intact',
        headChecked: true,
      });
    },
  );
});
