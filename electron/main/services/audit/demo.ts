import type BetterSqlite3 from 'better-sqlite3';
import type { GeoLookup } from '../../adapters/geo';
import type { Role } from '../../../../shared/domain/roles';
import { chainHash, GENESIS_HASH } from '../../security/audit-chain';
import { demoEvents } from './demo-events';
import { demoContext, type DemoAccount } from './demo-plan';
import { insertDemoUsers } from './demo-users';

export type { DemoAccount } from './demo-plan';

/** What to generate (both engines). */
export interface DemoBaseOptions {
  users: number;
  events: number;
  /** The argon2id hash every user gets unless listed in `signInHashes` (computed once). */
  passwordHash: string;
  /** Sign-in accounts: the first new user of each listed role gets this hash instead. */
  signInHashes?: Partial<Record<Role, string>>;
  /** Told the sign-in accounts as soon as the users are committed (before the long event phase). */
  onAccounts?: (accounts: DemoAccount[]) => void;
  now: Date;
  /** Months the events are spread over, ending at `now`. */
  months?: number;
  seed?: number;
  onProgress?: (events: number) => void;
}

/** What to generate on SQLite. */
export interface DemoOptions extends DemoBaseOptions {
  /** Runs inside the users' transaction with their id range (the CLI's demo marker). */
  claim?: (firstId: number, lastId: number) => void;
}

/** What demo made. */
export interface DemoResult {
  users: number;
  events: number;
  sessions: number;
  tokens: number;
  accounts: DemoAccount[];
}

const BATCH = 50_000;

/** The hash the next event chains from, read inside the transaction that appends. */
function headHash(db: BetterSqlite3.Database): string {
  const last = db.prepare('SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1').get() as
    { hash: string } | undefined;
  if (last) return last.hash;
  const anchor = db.prepare('SELECT prev_hash FROM audit_anchor LIMIT 1').get() as
    { prev_hash: string } | undefined;
  return anchor?.prev_hash ?? GENESIS_HASH;
}

/**
 * SQLite: fills a migrated database with users (who must change their password at first
 * sign-in), sessions, tokens and a correctly chained audit log. PostgreSQL: demo-pg.ts.
 */
export async function generateDemo(
  db: BetterSqlite3.Database,
  geo: GeoLookup,
  o: DemoOptions,
): Promise<DemoResult> {
  const ctx = await demoContext(geo, o.seed ?? 7);
  const created = insertDemoUsers(db, ctx, o);
  const { users, accounts } = created;
  o.onAccounts?.(accounts);

  const insertEvent =
    db.prepare(`INSERT INTO audit_events (at, code, message, actor_id, actor_name, subject_id,
    subject_name, ip, session_hash, location, device_type, browser, os, details, prev_hash, hash)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  // Bulk load: indexes are rebuilt once at the end (same definitions), which is far faster.
  const indexes = db
    .prepare(
      "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_events' AND sql IS NOT NULL",
    )
    .all() as { name: string; sql: string }[];
  if (o.events > 10_000) for (const ix of indexes) db.exec(`DROP INDEX ${ix.name}`);
  const events = demoEvents(ctx, users, o);
  let made = 0;
  while (made < o.events) {
    db.transaction(() => {
      // Read inside the transaction: an append committed meanwhile is chained onto, never forked.
      let prev = headHash(db);
      const end = Math.min(o.events, made + BATCH);
      for (; made < end; made++) {
        const f = events.next().value;
        if (!f) throw new Error('demo: the event generator ended early.');
        const hash = chainHash(prev, f);
        insertEvent.run(
          f.at,
          f.code,
          f.message,
          f.actor_id,
          f.actor_name,
          f.subject_id,
          f.subject_name,
          f.ip,
          f.session_hash,
          f.location,
          f.device_type,
          f.browser,
          f.os,
          f.details,
          prev,
          hash,
        );
        prev = hash;
      }
    })();
    o.onProgress?.(made);
  }
  if (o.events > 10_000) for (const ix of indexes) db.exec(ix.sql);
  return { users: users.length, events: made, sessions: created.sessions, tokens: created.tokens, accounts };
}
