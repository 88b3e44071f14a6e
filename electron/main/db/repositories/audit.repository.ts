import type { Selectable } from 'kysely';
import type { Db } from '../connection';
import type { AuditEventsTable } from '../schema';
import { chainHash, GENESIS_HASH, type ChainedFields } from '../../security/audit-chain';

export type AuditRow = Selectable<AuditEventsTable>;

export interface AuditQuery {
  code?: string | undefined;
  userId?: number | undefined;
  page: number;
  pageSize: number;
}

/** The append-only, hash-chained audit log. */
export class AuditRepository {
  constructor(private readonly db: Db) {}

  /** Appends one event; call inside the transaction of the change it records. */
  async append(fields: ChainedFields, db: Db = this.db): Promise<AuditRow> {
    const last = await db
      .selectFrom('audit_events')
      .select('hash')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    const prev_hash = last?.hash ?? GENESIS_HASH;
    const hash = chainHash(prev_hash, fields);
    return db
      .insertInto('audit_events')
      .values({ ...fields, prev_hash, hash })
      .returningAll()
      .executeTakeFirstOrThrow();
  }

  async list(q: AuditQuery): Promise<{ rows: AuditRow[]; total: number }> {
    let base = this.db.selectFrom('audit_events');
    if (q.code) base = base.where('code', '=', q.code);
    if (q.userId !== undefined) {
      const id = q.userId;
      base = base.where((eb) => eb.or([eb('subject_id', '=', id), eb('actor_id', '=', id)]));
    }
    const total = await base
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow()
      .then((r) => r.n);
    const rows = await base
      .selectAll()
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute();
    return { rows, total };
  }

  /** Walks the whole chain; returns the first broken row id, or null when intact. */
  async verifyChain(): Promise<{ count: number; brokenAt: number | null }> {
    let prev = GENESIS_HASH;
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
