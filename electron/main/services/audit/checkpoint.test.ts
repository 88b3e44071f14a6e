import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../tests/support/services';
import { databaseArg } from '../../../../tests/support/engine';
import {
  attacker,
  checkpointsOf,
  DAY,
  forgetKeychain,
  keychain,
  openApp,
  writeEvents,
} from '../../../../tests/support/checkpoint-fixtures';
import { verifyDatabase } from './verify-db';
import { createContainer } from '../../container';
import type { Keychain } from '../../adapters/keychain.port';
import { ManualClock } from '../../adapters/clock';
import { MemoryLogger } from '../../adapters/logger';

const dir = tempDir('portcullis-cp-');
const made: string[] = [];

afterAll(async () => {
  for (const path of made) await forgetKeychain(path);
  removeDir(dir);
});

describe('checkpoints every N events', () => {
  it('appear exactly every N events under parallel bursts of writes, and stay valid', async () => {
    const path = join(dir, 'burst.db');
    made.push(path);
    const { container, clock } = await openApp(path, 10);
    // First burst: the key is not loaded yet, so the first checkpoints are signed just after.
    await writeEvents(container, clock, 95, true);
    await container.checkpoints.settle();
    // Second burst: the key is cached, checkpoints are signed inside the writing transactions.
    await writeEvents(container, clock, 40, true);
    await container.checkpoints.settle();
    const before = checkpointsOf(path);
    expect(before.map((c) => c.count)).toEqual([10, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130]);
    expect(before.map((c) => c.last_event_id)).toEqual(before.map((c) => c.count));
    expect(new Set(before.map((c) => c.reason))).toEqual(new Set(['interval']));
    await container.close();
    const after = checkpointsOf(path);
    expect(after.at(-1)).toMatchObject({ last_event_id: 135, count: 135, reason: 'shutdown' });
    expect(await verifyDatabase(databaseArg(path), { keychain })).toMatchObject({
      status: 'intact',
      trust: 'trusted',
      events: 135,
      checkpoints: 14,
      uncheckpointed: 0,
      headChecked: true,
    });
  });

  it('after a key rotation, checkpoints are signed by the new key and still verify as trusted', async () => {
    const path = join(dir, 'rotate.db');
    made.push(path);
    const { container, clock } = await openApp(path, 5);
    await writeEvents(container, clock, 7);
    const old = (await container.services.signingKeys.current()).fingerprint;
    const next = await container.services.signingKeys.rotate(null, null);
    await writeEvents(container, clock, 6);
    await container.close();
    const fps = checkpointsOf(path).map((c) => c.fingerprint);
    expect(fps[0]).toBe(old);
    expect(fps.at(-1)).toBe(next.fingerprint);
    // Trusting only the old key still accepts its endorsed successor.
    expect(await verifyDatabase(databaseArg(path), { trust: [{ fingerprint: old }] })).toMatchObject({
      status: 'intact',
      trust: 'trusted',
      signer: { fingerprint: next.fingerprint, via: 'successor' },
    });
    // --key of the old key is met by its successor even where the keychain vouches for the new one.
    expect(await verifyDatabase(databaseArg(path), { keychain, key: old })).toMatchObject({
      status: 'intact',
      signer: { via: 'keychain' },
    });
  });
});

describe('when the signing key cannot be read', () => {
  it('writes still succeed, unsigned, with a few logged warnings and no retry on every event', async () => {
    const path = join(dir, 'no-signing-key.db');
    made.push(path);
    const calls: string[] = [];
    const broken: Keychain = {
      get: (a) => {
        calls.push(a);
        return a.startsWith('audit-signing-key') ? Promise.reject(new Error('locked')) : keychain.get(a);
      },
      set: (a, v) =>
        a.startsWith('audit-signing-key') ? Promise.reject(new Error('locked')) : keychain.set(a, v),
      delete: (a) => keychain.delete(a),
    };
    const logger = new MemoryLogger();
    const clock = new ManualClock('2026-03-02T09:00:00Z');
    const c = await createContainer({ dbPath: path, keychain: broken, clock, logger, checkpointEvery: 10 });
    await writeEvents(c, clock, 45);
    await c.checkpoints.settle();
    // A prune needs its signed record: without the key nothing is removed.
    clock.advance(3 * DAY);
    await expect(c.services.auditRetention.setDays(1, null, null)).rejects.toThrow(/locked/);
    await c.close();
    expect(checkpointsOf(path)).toEqual([]);
    const warnings = logger.lines.filter((l) => l.level === 'warn');
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThanOrEqual(5); // events 10, 20, 30, 40 and shutdown — not one per event
    expect(calls.filter((a) => a.startsWith('audit-signing-key')).length).toBeLessThanOrEqual(10);
    expect(await verifyDatabase(databaseArg(path))).toMatchObject({
      status: 'intact',
      events: 45 + 1, // the setting itself is saved and audited (settings:changed); the prune is not
      checkpoints: 0,
      trust: 'unknown',
    });
  });
});

describe('a key rotated and revoked by another process', () => {
  it('is not used for later checkpoints, which stay valid', async () => {
    const path = join(dir, 'two-processes.db');
    made.push(path);
    const app = await openApp(path, 5);
    await writeEvents(app.container, app.clock, 6); // the app's key is now cached
    const cli = await openApp(path, 5, app.clock);
    const old = (await cli.container.services.signingKeys.current()).fingerprint;
    await cli.container.services.signingKeys.revoke(old, null, null); // rotates first, then revokes
    await cli.container.close();
    app.clock.advance(1000);
    await writeEvents(app.container, app.clock, 12);
    await app.container.close();
    const fps = checkpointsOf(path).map((c) => c.fingerprint);
    expect(fps.at(-1)).not.toBe(old);
    expect(await verifyDatabase(databaseArg(path), { keychain })).toMatchObject({
      status: 'intact',
      trust: 'trusted',
    });
  });
});

describe('a database pruned before signed checkpoints existed', () => {
  it('is vouched for once by the first checkpoint, and later cuts of the oldest events are caught', async () => {
    const path = join(dir, 'legacy.db');
    made.push(path);
    const { container, clock } = await openApp(path, 1000);
    await writeEvents(container, clock, 20);
    await container.close();
    // As an older Portcullis left it: events 1..12 pruned through the anchor, nothing signed.
    const raw = attacker(path);
    const { hash } = raw.prepare('SELECT hash FROM audit_events WHERE id = 12').get() as { hash: string };
    raw.exec('DELETE FROM audit_events WHERE id <= 12; DELETE FROM audit_checkpoints');
    raw
      .prepare("INSERT INTO audit_anchor (id, first_id, prev_hash, applied_at) VALUES (1, 13, ?, 'x')")
      .run(hash);
    raw.close();
    const before = await verifyDatabase(databaseArg(path));
    expect(before.status === 'altered' && before.reason).toMatch(/vouched for the first time the app closes/);

    const reopened = await openApp(path, 1000);
    await reopened.container.close();
    expect(await verifyDatabase(databaseArg(path), { keychain })).toMatchObject({
      status: 'intact',
      trust: 'trusted',
      events: 8,
    });

    const raw2 = attacker(path);
    const second = raw2.prepare('SELECT hash FROM audit_events WHERE id = 14').get() as { hash: string };
    raw2.exec('DELETE FROM audit_events WHERE id <= 14');
    raw2.prepare('UPDATE audit_anchor SET first_id = 15, prev_hash = ?').run(second.hash);
    raw2.close();
    const after = await verifyDatabase(databaseArg(path));
    expect(after).toMatchObject({ status: 'altered', eventId: 15 });
    expect(after.status === 'altered' && after.reason).not.toMatch(/vouched/);
  });
});
