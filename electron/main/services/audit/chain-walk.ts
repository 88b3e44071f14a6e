import { sql, type Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { engineOfDb } from '../../db/engine-sql';
import type { SigningKeyRecord } from '../../../../shared/domain/audit';
import { chainHash, GENESIS_HASH, type ChainedFields } from '../../security/audit-chain';
import { keyHistoryValid, verifyWithKey } from './key-rotation';
import { checkpointText, retentionText, type CheckpointTables } from './checkpoints';

/** Any handle on a Portcullis database (live connection, transaction or a read-only file). */
export type ChainDb = Kysely<Database & CheckpointTables>;

/** What a walk found when nothing was altered. */
export interface ChainFacts {
  directoryId: string;
  events: number;
  checkpoints: number;
  /** Events after the last checkpoint (not yet covered by a signature). */
  uncheckpointed: number;
  history: SigningKeyRecord[];
  /** Key of the latest checkpoint (or retention record); null when nothing is signed yet. */
  signer: string | null;
  /** False for a database from before signed checkpoints (migration 009). */
  checkpointed: boolean;
}

/** The first thing found altered: the event it names (null when no single event is to blame). */
export interface ChainBreak {
  eventId: number | null;
  reason: string;
  fingerprint: string | null;
}

interface Signed {
  at: string;
  fingerprint: string;
  signature: string;
}
interface Checkpoint extends Signed {
  id: number;
  last_event_id: number;
  head_hash: string;
  count: number;
}

/** An audit row as the walk reads it. */
export type EventRow = ChainedFields & { id: number; prev_hash: string; hash: string };

/** The audit rows in id order, in batches (a faster reader can replace the Kysely one). */
export type EventBatches = AsyncIterable<EventRow[]> | Iterable<EventRow[]>;

async function* kyselyBatches(db: ChainDb): AsyncGenerator<EventRow[]> {
  let lastId = 0;
  for (;;) {
    const batch = await db
      .selectFrom('audit_events')
      .selectAll()
      .where('id', '>', lastId)
      .orderBy('id')
      .limit(5000)
      .execute();
    if (batch.length === 0) return;
    lastId = batch[batch.length - 1]?.id ?? lastId;
    yield batch;
  }
}

class Altered extends Error {
  constructor(readonly found: ChainBreak) {
    super(found.reason);
  }
}

const fail = (eventId: number | null, reason: string, fingerprint: string | null = null): never => {
  throw new Altered({ eventId, reason, fingerprint });
};

/** Checks one signature against the key history: known key, valid signature, not revoked then. */
function checkSigned(keys: Map<string, SigningKeyRecord>, s: Signed, text: string, what: string): void {
  const key = keys.get(s.fingerprint);
  if (!key) fail(null, `${what} is signed by ${s.fingerprint}, a key not in this directory's key history`);
  else if (!verifyWithKey(key.publicKey, text, s.signature))
    fail(null, `the signature of ${what} does not verify (it was edited)`, s.fingerprint);
  else if (key.revokedAt !== null && s.at > key.revokedAt)
    fail(null, `${what} is signed by a key revoked at ${key.revokedAt}`, s.fingerprint);
}

/** The database's table names, on either engine (PostgreSQL: the tables of the current schema). */
async function tableNames(db: ChainDb): Promise<Set<string>> {
  const { rows } =
    engineOfDb(db) === 'postgres'
      ? await sql<{
          name: string;
        }>`SELECT tablename AS name FROM pg_tables WHERE schemaname = current_schema()`.execute(db)
      : await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db);
  return new Set(rows.map((r) => r.name));
}

async function keyHistory(db: ChainDb, tables: Set<string>): Promise<SigningKeyRecord[]> {
  if (!tables.has('audit_signing_keys')) return [];
  const rows = await db.selectFrom('audit_signing_keys').selectAll().orderBy('seq').execute();
  return rows.map((r) => ({
    fingerprint: r.fingerprint,
    publicKey: r.public_key,
    createdAt: r.created_at,
    previous: r.previous,
    endorsement: r.endorsement,
    revokedAt: r.revoked_at,
    revocation: r.revocation,
  }));
}

/** Signed retention records must vouch for the anchor; returns how many events they removed. */
async function checkRetention(
  db: ChainDb,
  dir: string,
  keys: Map<string, SigningKeyRecord>,
  neverSigned: boolean,
) {
  const records = await db.selectFrom('audit_retention_records').selectAll().orderBy('id').execute();
  let pruned = 0;
  for (const r of records) {
    const text = retentionText(dir, r.first_kept_id, r.prev_hash, r.removed, r.at);
    checkSigned(keys, r, text, `the retention record of ${r.at}`);
    pruned += r.removed;
  }
  const anchor = await db.selectFrom('audit_anchor').selectAll().executeTakeFirst();
  const latest = records.at(-1);
  if (anchor && (latest?.first_kept_id !== anchor.first_id || latest.prev_hash !== anchor.prev_hash))
    fail(
      anchor.first_id,
      `the log now starts at event ${anchor.first_id}, but no signed retention record covers that ` +
        'start: older events were cut without retention' +
        (neverSigned
          ? ' (a database pruned by a Portcullis from before signed checkpoints is vouched for the first time the app closes after the upgrade)'
          : ''),
    );
  if (!anchor && latest)
    fail(latest.first_kept_id, 'the retention anchor was removed, so the kept chain no longer links');
  return { pruned, signer: latest?.fingerprint ?? null };
}

async function loadCheckpoints(db: ChainDb, dir: string, keys: Map<string, SigningKeyRecord>) {
  const cps: Checkpoint[] = await db.selectFrom('audit_checkpoints').selectAll().orderBy('id').execute();
  let before: Checkpoint | null = null;
  for (const c of cps) {
    const text = checkpointText(dir, c.last_event_id, c.head_hash, c.count, c.at);
    checkSigned(keys, c, text, `the checkpoint of ${c.at} (event ${c.last_event_id})`);
    if (before && (c.last_event_id <= before.last_event_id || c.count <= before.count))
      fail(c.last_event_id, `the checkpoints are out of order at event ${c.last_event_id}`);
    before = c;
  }
  return cps;
}

/**
 * Walks the whole chain: every row's hash and link, every checkpoint's signature and that its
 * event is still there with that hash and position, and that the anchor is covered by a signed
 * retention record. Returns the facts, or the first break.
 */
export async function walkChain(db: ChainDb, rows?: EventBatches): Promise<ChainFacts | ChainBreak> {
  try {
    return await walk(db, rows);
  } catch (e) {
    if (e instanceof Altered) return e.found;
    throw e;
  }
}

async function walk(db: ChainDb, rows: EventBatches | undefined): Promise<ChainFacts> {
  const tables = await tableNames(db);
  const meta = await db
    .selectFrom('meta')
    .select('value')
    .where('key', '=', 'instance_id')
    .executeTakeFirst();
  const directoryId = meta?.value ?? '';
  const history = await keyHistory(db, tables);
  if (history.length > 0) {
    const valid = keyHistoryValid(history, directoryId);
    if (!valid.ok) fail(null, `the directory's key history is not valid: ${valid.reason}`);
  }
  const keys = new Map(history.map((k) => [k.fingerprint, k]));
  const checkpointed = tables.has('audit_checkpoints') && tables.has('audit_retention_records');
  if (!checkpointed && (await migrated(db, tables)))
    fail(null, 'the signed checkpoint tables were removed from the database');
  const cps = checkpointed ? await loadCheckpoints(db, directoryId, keys) : [];
  const retention = checkpointed
    ? await checkRetention(db, directoryId, keys, cps.length === 0)
    : { pruned: 0, signer: null };
  const byEvent = new Map(cps.map((c) => [c.last_event_id, c]));
  const anchor = await db.selectFrom('audit_anchor').select('prev_hash').executeTakeFirst();
  let prev = anchor?.prev_hash ?? GENESIS_HASH;
  let position = retention.pruned;
  let events = 0;
  let lastId = 0;
  let matched = 0;
  let sinceCheckpoint = 0;
  for await (const batch of rows ?? kyselyBatches(db)) {
    for (const row of batch) {
      if (row.prev_hash !== prev)
        fail(row.id, 'its link to the previous event is broken (a row was removed or inserted)');
      if (chainHash(prev, row) !== row.hash)
        fail(row.id, 'its content does not match its hash (the row was edited)');
      position++;
      events++;
      sinceCheckpoint++;
      const c = byEvent.get(row.id);
      if (c) {
        if (c.head_hash !== row.hash || c.count !== position)
          fail(
            row.id,
            `the signed checkpoint of ${c.at} does not match it (event ${row.id} should be number ` +
              `${c.count} with hash ${c.head_hash}): events up to it were rewritten`,
            c.fingerprint,
          );
        matched++;
        sinceCheckpoint = 0;
      }
      prev = row.hash;
      lastId = row.id;
    }
  }
  const firstKept = await db.selectFrom('audit_anchor').select('first_id').executeTakeFirst();
  for (const c of cps) {
    if (byEvent.get(c.last_event_id) !== c || c.last_event_id < (firstKept?.first_id ?? 1)) continue;
    if (c.last_event_id > lastId)
      fail(
        lastId + 1,
        `events from ${lastId + 1} on were removed: the signed checkpoint of ${c.at} covers event ` +
          `${c.last_event_id} (${c.count} events), but the log ends at event ${lastId}`,
        c.fingerprint,
      );
  }
  const kept = cps.filter((c) => c.last_event_id >= (firstKept?.first_id ?? 1)).length;
  if (matched !== kept) fail(null, 'a checkpointed event is missing from the log');
  return {
    directoryId,
    events,
    checkpoints: cps.length,
    uncheckpointed: sinceCheckpoint,
    history,
    signer: cps.at(-1)?.fingerprint ?? retention.signer,
    checkpointed,
  };
}

async function migrated(db: ChainDb, tables: Set<string>): Promise<boolean> {
  if (!tables.has('kysely_migration')) return false;
  const { rows } = await sql<{
    name: string;
  }>`SELECT name FROM kysely_migration WHERE name = '009-audit-checkpoints'`.execute(db);
  return rows.length > 0;
}
