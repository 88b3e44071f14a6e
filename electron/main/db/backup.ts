import { copyFileSync, existsSync, renameSync, rmSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { openDatabase } from './connection';
import { AuditRepository } from './repositories/audit.repository';

export interface BackupCheck {
  integrity: string;
  auditEvents: number;
  chainBrokenAt: number | null;
}

/** `PRAGMA integrity_check` and the audit chain of a database file (opened read-only where possible). */
export async function checkDatabase(path: string): Promise<BackupCheck> {
  const raw = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  let integrity: string;
  try {
    integrity = (raw.pragma('integrity_check', { simple: true }) as string) || 'unknown';
  } finally {
    raw.close();
  }
  const opened = await openDatabase(path);
  try {
    const { count, brokenAt } = await new AuditRepository(opened.db).verifyChain();
    return { integrity, auditEvents: count, chainBrokenAt: brokenAt };
  } finally {
    await opened.close();
  }
}

/**
 * A consistent copy of a live database with SQLite's online backup API (safe while the app
 * runs), then checked: integrity and audit chain.
 */
export async function backupDatabase(source: string, out: string): Promise<BackupCheck> {
  if (!existsSync(source)) throw new Error(`There is no database at ${source}.`);
  if (existsSync(out)) throw new Error(`${out} already exists; choose a new file name.`);
  const db = new BetterSqlite3(source, { fileMustExist: true });
  try {
    await db.backup(out);
  } finally {
    db.close();
  }
  return checkDatabase(out);
}

/**
 * Restores a backup over `target` (the app must not be running): the backup is checked first
 * (`verify` — the signed checkpoints, which live above this layer — then integrity and chain),
 * copied beside the target, then moved into place, so a failure never leaves half a file.
 */
export async function restoreDatabase(
  backup: string,
  target: string,
  force: boolean,
  verify: (path: string) => Promise<string | null>,
): Promise<BackupCheck> {
  if (!existsSync(backup)) throw new Error(`There is no backup at ${backup}.`);
  // The signed checks read the file as it is, before checkDatabase opens (and migrates) it.
  const refused = await verify(backup);
  if (refused) throw new Error(`Not restoring ${backup}: ${refused}. Choose another backup.`);
  const check = await checkDatabase(backup);
  if (check.integrity !== 'ok')
    throw new Error(`The backup is damaged (integrity check: ${check.integrity}).`);
  if (check.chainBrokenAt !== null)
    throw new Error(`The backup's audit log was altered at event ${check.chainBrokenAt}; not restoring it.`);
  if (existsSync(target) && !force) throw new Error(`${target} exists; pass --force to replace it.`);
  const staging = `${target}.restoring`;
  copyFileSync(backup, staging);
  for (const suffix of ['-wal', '-shm']) rmSync(`${target}${suffix}`, { force: true });
  renameSync(staging, target);
  return check;
}
