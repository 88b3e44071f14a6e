import { join } from 'node:path';
import { createContainer, type Container } from '../../electron/main/container';
import { KeytarKeychain } from '../../electron/main/adapters/keytar.keychain';
import { ManualClock } from '../../electron/main/adapters/clock';
import { MemoryLogger } from '../../electron/main/adapters/logger';
import { chainHash, type ChainedFields } from '../../electron/main/security/audit-chain';
import { headAccount } from '../../electron/main/services/audit/checkpoints';
import { databaseExists } from './engine';
import { copyDatabase, dropTriggers, openRaw, type RawDb } from './raw-db';

/** The keychain the checkpoint tests use (under scripts/with-keyring.sh). */
export const keychain = new KeytarKeychain('Portcullis-test');

/** A real container on a real file, checkpointing every `every` events. */
export async function openApp(
  dbPath: string,
  every: number,
  clock = new ManualClock('2026-03-02T09:00:00Z'),
) {
  const container = await createContainer({
    dbPath,
    keychain,
    clock,
    logger: new MemoryLogger(),
    checkpointEvery: every,
  });
  return { container, clock };
}

/** Appends `n` events through AuditService.record, one transaction each (in parallel when asked). */
export async function writeEvents(c: Container, clock: ManualClock, n: number, parallel = false) {
  const one = (i: number) =>
    c.database.db
      .transaction()
      .execute((trx) =>
        c.services.audit.record(
          trx,
          { code: 'user:logged_in', at: clock.now(), subject: { id: 1, username: `user${i}` } },
          null,
        ),
      );
  if (parallel) await Promise.all(Array.from({ length: n }, (_, i) => one(i)));
  else for (let i = 0; i < n; i++) await one(i);
}

/** A raw connection as an attacker with write access has it: every trigger dropped (either engine). */
export function attacker(path: string): RawDb {
  const raw = openRaw(path);
  dropTriggers(raw);
  return raw;
}

type Row = ChainedFields & { id: number; prev_hash: string; hash: string };

/** Rewrites rows from `fromId` on with `edit`, recomputing every hash and link after them. */
export function rewriteAndRechain(raw: RawDb, edit: (r: Row) => Row, fromId = 0): void {
  const rows = raw.prepare('SELECT * FROM audit_events ORDER BY id').all() as Row[];
  const update = raw.prepare('UPDATE audit_events SET message = ?, prev_hash = ?, hash = ? WHERE id = ?');
  let prev: string | null = null;
  for (const row of rows) {
    const r = row.id >= fromId ? edit(row) : row;
    const p = prev ?? r.prev_hash;
    const hash = chainHash(p, r);
    update.run(r.message, p, hash, r.id);
    prev = hash;
  }
}

/** A copy of the test database (closed), so each attack starts from the same intact database. */
export async function copyOf(dir: string, source: string, name: string): Promise<string> {
  const out = join(dir, `${name}.db`);
  await copyDatabase(source, out);
  return out;
}

/** The directory id of a test database. */
export function directoryIdOf(path: string): string {
  const raw = openRaw(path, { readonly: true });
  try {
    return (raw.prepare("SELECT value FROM meta WHERE key = 'instance_id'").get() as { value: string }).value;
  } finally {
    raw.close();
  }
}

/** Removes the keychain entries a test database made. */
export async function forgetKeychain(path: string): Promise<void> {
  if (!databaseExists(path)) return; // a test that was skipped made none
  const dir = directoryIdOf(path);
  for (const account of [`data-key:${dir}`, `audit-signing-key:${dir}`, headAccount(dir)])
    await keychain.delete(account).catch(() => false);
}

/** A day in milliseconds, for moving the manual clock past retention cut-offs. */
export const DAY = 86_400_000;

/** The checkpoints stored in a test database, oldest first (read-only). */
export function checkpointsOf(
  path: string,
): { last_event_id: number; count: number; reason: string; fingerprint: string }[] {
  const raw = openRaw(path, { readonly: true });
  try {
    return raw
      .prepare('SELECT last_event_id, count, reason, fingerprint FROM audit_checkpoints ORDER BY id')
      .all() as { last_event_id: number; count: number; reason: string; fingerprint: string }[];
  } finally {
    raw.close();
  }
}
