import type { Db } from '../../db/connection';
import { insertRetentionRecord, pruneAuditBefore } from '../../db/audit-retention.sql';
import { saveSetting, settingOn } from '../../db/repositories/settings.repository';
import type { Clock } from '../../adapters/clock';
import type { AuditService } from './audit.service';
import { retentionText } from './checkpoints';
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
    const n = (await settingOn(this.db, KEY)) ?? null;
    return typeof n === 'number' && n > 0 ? n : null;
  }

  /** Saves the setting (null = forever) and applies it at once. */
  async setDays(
    days: number | null,
    actor: Actor | null,
    client: ClientInfo | null,
  ): Promise<RetentionResult> {
    const before = await this.days();
    if (before !== days) {
      const now = this.clock.now();
      const location = await this.audit.locate(client);
      // The setting and its audit row in one transaction, whether or not apply() removes anything.
      await this.db.transaction().execute(async (trx) => {
        await saveSetting(trx, KEY, days, now.toISOString());
        await this.audit.record(
          trx,
          {
            code: 'settings:changed',
            at: now,
            actor: actor ? { id: actor.id, username: actor.username } : null,
            client,
            sessionId: actor?.sessionId ?? null,
            details: {
              section: 'audit retention',
              before: { days: before ?? 'forever' },
              after: { days: days ?? 'forever' },
            },
          },
          location,
        );
      });
    }
    return this.apply(actor, client);
  }

  /**
   * Removes every event before the first one of the oldest kept day, records where the kept chain
   * now starts (audit_anchor), signs that start (audit_retention_records, so `audit verify --db`
   * can tell a prune from a cut) and leaves an `audit:retention_applied` event, all in one transaction.
   */
  async apply(actor: Actor | null = null, client: ClientInfo | null = null): Promise<RetentionResult> {
    const days = await this.days();
    if (days === null) return { removed: 0, days, anchor: null };
    const now = this.clock.now();
    const cutoff = new Date(Math.floor(now.getTime() / DAY) * DAY - days * DAY).toISOString();
    const location = await this.audit.locate(client);
    // Loaded before the transaction: signing inside it never waits for the keychain.
    const signer = (await this.audit.checkpoints?.signer()) ?? null;
    return this.db.transaction().execute(async (trx) => {
      const at = now.toISOString();
      const pruned = await pruneAuditBefore(trx, cutoff, at);
      if (!pruned) return { removed: 0, days, anchor: null };
      const { removed, anchor, firstId } = pruned;
      if (signer) {
        const prevHash = anchor;
        const text = retentionText(signer.directoryId, firstId, prevHash, removed, at);
        await insertRetentionRecord(trx, {
          first_kept_id: firstId,
          prev_hash: prevHash,
          removed,
          at,
          fingerprint: signer.fingerprint,
          signature: signer.sign(text),
        });
      }
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
