import BetterSqlite3 from 'better-sqlite3';
import { chainHash, GENESIS_HASH, type ChainedFields } from '../../security/audit-chain';

/** Result of walking the live chain. */
export interface DbChainVerdict {
  count: number;
  /** Id of the first row whose hash or link does not verify, or null when intact. */
  brokenAt: number | null;
  reason: string | null;
}

type Row = ChainedFields & { id: number; prev_hash: string; hash: string };

/** Walks the audit chain of a database file read-only: no container, no keychain, no migration. */
export function verifyDatabaseChain(path: string): DbChainVerdict {
  const db = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
  try {
    const hasAnchor = db
      .prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'audit_anchor'")
      .get();
    const anchor = hasAnchor
      ? (db.prepare('SELECT prev_hash FROM audit_anchor WHERE id = 1').get() as
          { prev_hash: string } | undefined)
      : undefined;
    let prev = anchor?.prev_hash ?? GENESIS_HASH;
    let count = 0;
    for (const row of db
      .prepare('SELECT * FROM audit_events ORDER BY id')
      .iterate() as IterableIterator<Row>) {
      if (row.prev_hash !== prev)
        return {
          count,
          brokenAt: row.id,
          reason: 'its link to the previous event is broken (a row was removed or inserted)',
        };
      if (chainHash(prev, row) !== row.hash)
        return {
          count,
          brokenAt: row.id,
          reason: 'its content does not match its hash (the row was edited)',
        };
      prev = row.hash;
      count++;
    }
    return { count, brokenAt: null, reason: null };
  } finally {
    db.close();
  }
}
