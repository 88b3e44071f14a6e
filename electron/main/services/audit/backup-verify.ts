import BetterSqlite3 from 'better-sqlite3';
import type { Keychain } from '../../adapters/keychain.port';
import { backupDatabase, checkDatabase, restoreDatabase, type BackupCheck } from '../../db/backup';
import { verifyDatabase, type DbVerdict } from './verify-db';
import { headAccount, type StoredHead } from './checkpoints';

/** A database file's SQLite check plus the verdict on its signed checkpoints. */
export interface VerifiedBackup {
  check: BackupCheck;
  verdict: DbVerdict;
}

/** Why a verdict forbids using a file, or null when it may be used. */
export function refusalOf(v: DbVerdict): string | null {
  if (v.status === 'altered')
    return `its audit log was altered${v.eventId === null ? '' : ` at event ${v.eventId}`}: ${v.reason}`;
  if (v.status === 'refused') return v.reason;
  return null;
}

/**
 * Checkpoint signatures and retention records of a backup, read-only. The keychain, when given,
 * decides trust only: a backup is an older copy by nature, so its newer head is not asked for.
 */
export function verifyBackupFile(path: string, keychain: Keychain | null): Promise<DbVerdict> {
  return verifyDatabase(path, { keychain, checkHead: false });
}

/** Copies the live database (online backup), then checks the copy: integrity, chain, checkpoints. */
export async function backupVerified(
  source: string,
  out: string,
  keychain: Keychain | null,
): Promise<VerifiedBackup> {
  const check = await backupDatabase(source, out);
  return { check, verdict: await verifyBackupFile(out, keychain) };
}

/**
 * Restores a backup only if its chain, checkpoints and retention records verify; then resets the
 * keychain's latest checkpoint to the restored file's, so `audit verify --db` does not report
 * this deliberate rollback.
 */
export async function restoreVerified(
  backup: string,
  target: string,
  force: boolean,
  keychain: Keychain | null,
): Promise<VerifiedBackup> {
  const seen: DbVerdict[] = [];
  const check = await restoreDatabase(backup, target, force, async (path) => {
    const v = await verifyBackupFile(path, keychain);
    seen.push(v);
    return refusalOf(v);
  });
  const verdict = seen[0] ?? (await verifyBackupFile(target, keychain));
  if (keychain) await resetHead(target, keychain);
  return { check, verdict };
}

/** Integrity and chain of a file (re-exported for callers above the db layer). */
export { checkDatabase };

async function resetHead(path: string, keychain: Keychain): Promise<void> {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const dir = db.prepare("SELECT value FROM meta WHERE key = 'instance_id'").get() as
      { value: string } | undefined;
    const has = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_checkpoints'")
      .get();
    if (!dir || !has) return;
    const last = db.prepare('SELECT * FROM audit_checkpoints ORDER BY id DESC LIMIT 1').get() as
      { id: number; last_event_id: number; head_hash: string; count: number; signature: string } | undefined;
    if (!last) {
      await keychain.delete(headAccount(dir.value));
      return;
    }
    const head: StoredHead = {
      id: last.id,
      lastEventId: last.last_event_id,
      headHash: last.head_hash,
      count: last.count,
      signature: last.signature,
    };
    await keychain.set(headAccount(dir.value), JSON.stringify(head));
  } finally {
    db.close();
  }
}
