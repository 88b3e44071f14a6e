import { sql } from 'kysely';
import type { Db } from '../../db/connection';
import type { Clock } from '../../adapters/clock';
import type { AuditService } from './audit.service';
import type { Actor, ClientInfo } from '../context';

const KEY = 'audit.retention_days';
const DAY = 86_400_000;

/** What one retention run removed. */
export interface RetentionResult {
  removed: number;
  /** Days kept, or null for "keep forever". */
  days: number | null;
  anchor: string | null;
}

/** The audit retention setting (default: keep forever) and its only-ever deletion of whole old days. */
export class AuditRetention {
  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Days to keep, or null to keep forever. */
  async days(): Promise<number | null> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', KEY)
      .executeTakeFirst();
    const n = row ? (JSON.parse(row.value) as number | null) : null;
    return typeof n === 'number' && n > 0 ? n : null;
  }

  /** Saves the setting (null = forever) and applies it at once. */
  async setDays(
    days: number | null,
    actor: Actor | null,
    client: ClientInfo | null,
  ): Promise<RetentionResult> {
    const now = this.clock.now().toISOString();
    await this.db
      .insertInto('settings')
      .values({ key: KEY, value: JSON.stringify(days), updated_at: now })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(days), updated_at: now }))
      .execute();
    return this.apply(actor, client);
  }

  /**
   * Removes every event before the first one of the oldest kept day, records where the kept chain
   * now starts (audit_anchor) and leaves an `audit:retention_applied` event, all in one transaction.
   */
  async apply(actor: Actor | null = null, client: ClientInfo | null = null): Promise<RetentionResult> {
    const days = await this.days();
    if (days === null) return { removed: 0, days, anchor: null };
    const now = this.clock.now();
    const cutoff = new Date(Math.floor(now.getTime() / DAY) * DAY - days * DAY).toISOString();
    const location = await this.audit.locate(client);
    return this.db.transaction().execute(async (trx) => {
      const firstKept = await trx
        .selectFrom('audit_events')
        .select(['id', 'prev_hash'])
        .where('at', '>=', cutoff)
        .orderBy('id')
        .limit(1)
        .executeTakeFirst();
      const last = await trx
        .selectFrom('audit_events')
        .select(['id', 'hash'])
        .orderBy('id', 'desc')
        .limit(1)
        .executeTakeFirst();
      if (!last) return { removed: 0, days, anchor: null };
      const boundary = firstKept ? firstKept.id : last.id + 1;
      const anchor = firstKept ? firstKept.prev_hash : last.hash;
      const { rows } = await sql<{
        n: number;
      }>`SELECT count(*) AS n FROM audit_events WHERE id < ${boundary}`.execute(trx);
      const removed = rows[0]?.n ?? 0;
      if (removed === 0) return { removed, days, anchor: null };
      const trigger = await sql<{
        sql: string;
      }>`SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = 'audit_no_delete'`.execute(trx);
      // The append-only trigger is lifted for this one statement only, inside the transaction.
      await sql`DROP TRIGGER IF EXISTS audit_no_delete`.execute(trx);
      await sql`DELETE FROM audit_events WHERE id < ${boundary}`.execute(trx);
      const ddl = trigger.rows[0]?.sql;
      if (ddl) await sql.raw(ddl).execute(trx);
      await trx
        .insertInto('audit_anchor')
        .values({ id: 1, first_id: boundary, prev_hash: anchor, applied_at: now.toISOString() })
        .onConflict((oc) =>
          oc
            .column('id')
            .doUpdateSet({ first_id: boundary, prev_hash: anchor, applied_at: now.toISOString() }),
        )
        .execute();
      const who = actor ? { id: actor.id, username: actor.username } : null;
      await this.audit.record(
        trx,
        {
          code: 'audit:retention_applied',
          at: now,
          actor: who,
          client,
          sessionId: actor?.sessionId ?? null,
          details: { removed, days, before: cutoff, anchor },
        },
        location,
      );
      return { removed, days, anchor };
    });
  }
}
