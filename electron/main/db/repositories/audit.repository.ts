import { sql, type Selectable } from 'kysely';
import type { Db } from '../connection';
import type { AuditEventsTable } from '../schema';
import type { AuditFilter, AuditTimeline } from '../../../../shared/domain/audit';
import { chainHash, GENESIS_HASH, type ChainedFields } from '../../security/audit-chain';
import { branchesOf, filterConditions, timeBounds } from '../audit-filter.sql';
import { engineOfDb } from '../engine-sql';

export type AuditRow = Selectable<AuditEventsTable>;

/** A keyset page request: newest first, strictly older than `before`. */
export interface AuditPageQuery {
  filter: AuditFilter;
  before?: number | undefined;
  pageSize: number;
}

/** PostgreSQL advisory lock key serialising audit appends across processes ("audit chain" in ASCII). */
export const AUDIT_CHAIN_LOCK = sql.raw('7022629598041172074');

/** Counting stops here: past it the page says "more than N". */
export const COUNT_CAP = 10_000;

/** The append-only, hash-chained audit log (also used on an offline review's temporary copy). */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Appends one event; call inside the transaction of the change it records. */
  async append(fields: ChainedFields, db: Db = this.db): Promise<AuditRow> {
    if (engineOfDb(db) === 'postgres') {
      // Several processes may share the database: appends take turns (a lock held until the
      // transaction ends), so each one reads the head the previous one committed: one linear chain.
      if (!db.isTransaction) return this.db.transaction().execute((trx) => this.append(fields, trx));
      await sql`SELECT pg_advisory_xact_lock(${AUDIT_CHAIN_LOCK})`.execute(db);
    }
    const last = await db
      .selectFrom('audit_events')
      .select('hash')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const prev_hash = last?.hash ?? (await this.anchorHash(db));
    const hash = chainHash(prev_hash, fields);
    return db
      .insertInto('audit_events')
      .values({ ...fields, prev_hash, hash })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  /** One keyset page: each arm of the filter walks its own (column, id) index, newest first. */
  async page(q: AuditPageQuery): Promise<{ rows: AuditRow[]; nextCursor: number | null }> {
    const extra = [
      ...(await timeBounds(this.db, q.filter)),
      ...(q.before !== undefined ? [sql`id < ${q.before}`] : []),
    ];
    const limit = q.pageSize + 1;
    const arms = branchesOf(q.filter);
    const engine = engineOfDb(this.db);
    const { rows } =
      arms.length === 1
        ? await sql<AuditRow>`SELECT * FROM audit_events ${filterConditions(q.filter, extra, {}, engine)} ORDER BY id DESC LIMIT ${limit}`.execute(
            this.db,
          )
        : await sql<AuditRow>`SELECT * FROM audit_events WHERE id IN (${sql.join(
            arms.map(
              (arm) =>
                sql`SELECT id FROM (SELECT id FROM audit_events ${filterConditions(q.filter, extra, arm, engine)} ORDER BY id DESC LIMIT ${limit}) AS arm`,
            ),
            sql` UNION `,
          )}) ORDER BY id DESC LIMIT ${limit}`.execute(this.db);
    const more = rows.length > q.pageSize;
    const items = more ? rows.slice(0, q.pageSize) : rows;
    return { rows: items, nextCursor: more ? (items[items.length - 1]?.id ?? null) : null };
  }

  /** The id of a user by name (live database only), for indexed user filters. */
  async userIdByName(name: string): Promise<number | null> {
    const { rows } = await sql<{
      id: number;
    }>`SELECT id FROM users WHERE username = ${name} COLLATE NOCASE`.execute(this.db);
    return rows[0]?.id ?? null;
  }

  /** Matching rows counted up to COUNT_CAP. */
  async countCapped(filter: AuditFilter): Promise<{ count: number; capped: boolean }> {
    const where = filterConditions(filter, await timeBounds(this.db, filter), {}, engineOfDb(this.db));
    const { rows } = await sql<{
      n: number;
    }>`SELECT count(*) AS n FROM (SELECT 1 FROM audit_events ${where} LIMIT ${COUNT_CAP + 1}) AS capped`.execute(
      this.db,
    );
    const n = rows[0]?.n ?? 0;
    return { count: Math.min(n, COUNT_CAP), capped: n > COUNT_CAP };
  }

  /** Events newer than `after` (for live arrival), newest first. */
  async newerThan(filter: AuditFilter, after: number, limit: number): Promise<AuditRow[]> {
    const where = filterConditions(filter, [sql`id > ${after}`], {}, engineOfDb(this.db));
    const { rows } =
      await sql<AuditRow>`SELECT * FROM audit_events ${where} ORDER BY id DESC LIMIT ${limit}`.execute(
        this.db,
      );
    return rows;
  }

  /** Sign-ins vs failures per hour or day over the filter's range. */
  async timeline(filter: AuditFilter): Promise<AuditTimeline> {
    const span = await this.span(filter);
    const hours = span ? (Date.parse(span.last) - Date.parse(span.first)) / 3_600_000 : 0;
    const bucket = hours <= 72 ? 'hour' : 'day';
    const len = bucket === 'hour' ? 13 : 10;
    const where = filterConditions(
      { ...filter, code: undefined, group: undefined },
      [
        ...(await timeBounds(this.db, filter)),
        sql`code IN ('user:logged_in', 'user:login_failed')`,
        ...(filter.code ? [sql`code = ${filter.code}`] : []),
      ],
      {},
      engineOfDb(this.db),
    );
    const { rows } = await sql<{ t: string; signIns: number; failures: number }>`
      SELECT substr(at, 1, ${len}) AS t,
             sum(CASE WHEN code = 'user:logged_in' THEN 1 ELSE 0 END) AS "signIns",
             sum(CASE WHEN code = 'user:login_failed' THEN 1 ELSE 0 END) AS failures
      FROM audit_events ${where} GROUP BY t ORDER BY t`.execute(this.db);
    return { bucket, points: rows };
  }

  private async span(filter: AuditFilter): Promise<{ first: string; last: string } | null> {
    const first = filter.from ?? (await this.edge('asc'));
    const last = filter.to ?? (await this.edge('desc'));
    return first && last ? { first, last } : null;
  }

  private async edge(dir: 'asc' | 'desc'): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('audit_events')
      .select('at')
      .orderBy('at', dir)
      .limit(1)
      .executeTakeFirst();
    return row?.at;
  }

  /** The prev_hash the first kept row must carry (genesis unless retention removed older days). */
  async anchorHash(db: Db = this.db): Promise<string> {
    const anchor = await db.selectFrom('audit_anchor').select('prev_hash').executeTakeFirst();
    return anchor?.prev_hash ?? GENESIS_HASH;
  }

  /** Walks the whole chain; returns the first broken row id, or null when intact. */
  async verifyChain(): Promise<{ count: number; brokenAt: number | null }> {
    let prev = await this.anchorHash();
    let count = 0;
    let lastId = 0;
    for (;;) {
      const batch = await this.db
        .selectFrom('audit_events')
        .selectAll()
        .where('id', '>', lastId)
        .orderBy('id')
        .limit(5000)
        .execute();
      if (batch.length === 0) return { count, brokenAt: null };
      for (const row of batch) {
        if (row.prev_hash !== prev || chainHash(prev, row) !== row.hash) return { count, brokenAt: row.id };
        prev = row.hash;
        lastId = row.id;
        count++;
      }
    }
  }
}
