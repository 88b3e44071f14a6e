import { sql } from 'kysely';
import type { Db } from '../../db/connection';
import type { GeoLookup } from '../../adapters/geo';
import { AUDIT_CHAIN_LOCK } from '../../db/repositories/audit.repository';
import { chainHash, GENESIS_HASH, type ChainedFields } from '../../security/audit-chain';
import type { DemoBaseOptions, DemoResult } from './demo';
import { demoEvents } from './demo-events';
import { demoContext, idRanges, planUsers, userRows, type DemoContext, type DemoUser } from './demo-plan';

/** What to generate on PostgreSQL. */
export interface DemoPgOptions extends DemoBaseOptions {
  /** Runs inside the users' transaction with their id runs (the CLI's demo marker). */
  claim?: (trx: Db, ranges: [number, number][]) => Promise<void>;
}

/** Users per multi-row INSERT (sessions and credentials follow them). */
const USER_ROWS = 1_000;
/** Events per transaction: the chain's lock is held this long, so a running app waits at most that. */
const EVENTS_PER_TRANSACTION = 10_000;

function chunks<T>(list: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < list.length; i += size) out.push(list.slice(i, i + size));
  return out;
}

/** Inserts the users, their credentials, live sessions and tokens in one transaction. */
async function insertUsersPg(db: Db, ctx: DemoContext, o: DemoPgOptions) {
  return db.transaction().execute(async (trx) => {
    const hasOwner = (await trx
      .selectFrom('users')
      .select('id')
      .where('role', '=', 'owner')
      .executeTakeFirst())
      ? true
      : false;
    const { n: base } = await trx
      .selectFrom('users')
      .select(sql<number>`coalesce(max(id), 0)`.as('n'))
      .executeTakeFirstOrThrow();
    const plan = planUsers(ctx, { ...o, hasOwner, base, withTokens: true });
    const nowIso = o.now.toISOString();
    const users: DemoUser[] = [];
    let sessions = 0;
    let tokens = 0;
    for (const part of chunks(plan.planned, USER_ROWS)) {
      const inserted = await trx
        .insertInto('users')
        .values(
          part.map((u) => ({ ...u.row, must_change_password: 1, created_at: nowIso, updated_at: nowIso })),
        )
        .returning(['id', 'username'])
        .execute();
      // Matched by name: RETURNING promises no order.
      const idOf = new Map(inserted.map((r) => [r.username, r.id]));
      const rows = part.map((u) => {
        const id = idOf.get(u.username);
        if (id === undefined) throw new Error(`demo: user ${u.username} was not inserted.`);
        users.push({ id, username: u.username, sessions: u.sessions, ip: u.ip, ua: u.ua });
        return userRows(ctx, u, id, o.now);
      });
      await trx
        .insertInto('credentials')
        .values(rows.map((r) => ({ ...r.credential, kind: 'password' })))
        .execute();
      const live = rows.flatMap((r) => r.sessions);
      if (live.length > 0) await trx.insertInto('sessions').values(live).execute();
      const made = rows.flatMap((r) => (r.token ? [r.token] : []));
      if (made.length > 0) await trx.insertInto('api_tokens').values(made).execute();
      sessions += live.length;
      tokens += made.length;
    }
    if (users.length > 0) await o.claim?.(trx, idRanges(users.map((u) => u.id)));
    return { users, accounts: plan.accounts, sessions, tokens };
  });
}

type EventRow = ChainedFields & { prev_hash: string; hash: string };

/** The audit columns and their PostgreSQL types, in insert order. */
const EVENT_COLUMNS: [keyof EventRow, 'text' | 'integer'][] = [
  ['at', 'text'],
  ['code', 'text'],
  ['message', 'text'],
  ['actor_id', 'integer'],
  ['actor_name', 'text'],
  ['subject_id', 'integer'],
  ['subject_name', 'text'],
  ['ip', 'text'],
  ['session_hash', 'text'],
  ['location', 'text'],
  ['device_type', 'text'],
  ['browser', 'text'],
  ['os', 'text'],
  ['details', 'text'],
  ['prev_hash', 'text'],
  ['hash', 'text'],
];

/**
 * One multi-row INSERT of any size: each column goes as one array parameter and unnest() turns
 * them back into rows (no 65,535-parameter limit, far less to build than VALUES lists).
 */
async function insertEvents(trx: Db, rows: readonly EventRow[]): Promise<void> {
  await sql`INSERT INTO audit_events (${sql.join(EVENT_COLUMNS.map(([c]) => sql.ref(c)))})
    SELECT * FROM unnest(${sql.join(
      EVENT_COLUMNS.map(([c, type]) => sql`${rows.map((r) => r[c])}::${sql.raw(type)}[]`),
    )})`.execute(trx);
}

/** The hash the next event chains from; call holding the chain's lock. */
async function headHash(trx: Db): Promise<string> {
  const last = await trx
    .selectFrom('audit_events')
    .select('hash')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  if (last) return last.hash;
  const anchor = await trx.selectFrom('audit_anchor').select('prev_hash').executeTakeFirst();
  return anchor?.prev_hash ?? GENESIS_HASH;
}

/**
 * PostgreSQL: fills a migrated database like generateDemo does on SQLite (same choices for a
 * seed), in multi-row INSERTs. Each events transaction takes the audit chain's advisory lock and
 * reads the head inside it, so an app or server appending to the same database meanwhile is
 * chained onto, never forked. Indexes stay (the app role may not own them).
 */
export async function generateDemoPg(db: Db, geo: GeoLookup, o: DemoPgOptions): Promise<DemoResult> {
  const ctx = await demoContext(geo, o.seed ?? 7);
  const created = await insertUsersPg(db, ctx, o);
  o.onAccounts?.(created.accounts);
  const events = demoEvents(ctx, created.users, o);
  let made = 0;
  while (made < o.events) {
    const end = Math.min(o.events, made + EVENTS_PER_TRANSACTION);
    // Generated before the lock is taken: only hashing and inserting happen while holding it.
    const fields = Array.from({ length: end - made }, () => {
      const f = events.next().value;
      if (!f) throw new Error('demo: the event generator ended early.');
      return f;
    });
    await db.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(trx);
      let prev = await headHash(trx);
      const rows = fields.map((f) => {
        const hash = chainHash(prev, f);
        const row = { ...f, prev_hash: prev, hash };
        prev = hash;
        return row;
      });
      await insertEvents(trx, rows);
    });
    made = end;
    o.onProgress?.(made);
  }
  return { ...created, users: created.users.length, events: made };
}
