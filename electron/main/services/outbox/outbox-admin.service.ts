import type { Db } from '../../db/connection';
import type { OutboxQuery, OutboxRepository, OutboxRow } from '../../db/repositories/outbox.repository';
import type { Clock } from '../../adapters/clock';
import type { AuditService } from '../audit/audit.service';
import type { Actor, ClientInfo } from '../context';
import type { AuditCode } from '../../../../shared/domain/audit-catalog';
import type { OutboxCounts, OutboxItemView } from '../../../../shared/domain/delivery';
import type { Page } from '../../../../shared/domain/user';
import { AppError } from '../../../../shared/result';
import { CODE_PLACEHOLDER, REDACTED_CODE } from '../delivery/render';

/** Shows a row to an admin; a one-time code is never shown, even while pending. */
export function toOutboxView(r: OutboxRow): OutboxItemView {
  return {
    id: r.id,
    createdAt: r.created_at,
    channel: r.channel,
    recipient: r.recipient,
    template: r.template,
    subject: r.subject,
    text: r.body_text.split(CODE_PLACEHOLDER).join(REDACTED_CODE),
    status: r.status,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    nextAttemptAt: r.next_attempt_at,
    lastError: r.last_error,
    sentAt: r.sent_at,
  };
}

/** The Outbox page: list with filters, "Retry now" and "Cancel" (docs/product.md F8). */
export class OutboxAdminService {
  constructor(
    private readonly db: Db,
    private readonly outbox: OutboxRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly wake: () => void,
  ) {}

  async list(q: OutboxQuery): Promise<Page<OutboxItemView> & { counts: OutboxCounts }> {
    const { rows, total } = await this.outbox.list(q);
    return {
      items: rows.map(toOutboxView),
      total,
      page: q.page,
      pageSize: q.pageSize,
      counts: await this.outbox.counts(),
    };
  }

  /** Queues a pending or failed message again, due now. A failed code is gone, so it cannot be retried. */
  async retry(id: number, actor: Actor, client: ClientInfo): Promise<OutboxItemView> {
    const row = await this.outbox.get(id);
    if (!row) throw new AppError('not_found', 'This message no longer exists.');
    if (row.status === 'failed' && row.secret === null && row.body_text.includes(CODE_PLACEHOLDER))
      throw new AppError('conflict', 'This one-time code was discarded; ask the user to request a new one.', {
        rule: 'code_discarded',
      });
    return this.change(id, 'delivery.outbox:retried', actor, client, (trx, now) =>
      this.outbox.retryNow(id, now, trx),
    );
  }

  /** Cancels a message that has not been sent. */
  async cancel(id: number, actor: Actor, client: ClientInfo): Promise<OutboxItemView> {
    return this.change(id, 'delivery.outbox:cancelled', actor, client, (trx, now) =>
      this.outbox.cancel(id, now, trx),
    );
  }

  private async change(
    id: number,
    code: AuditCode,
    actor: Actor,
    client: ClientInfo,
    apply: (trx: Db, now: string) => Promise<boolean>,
  ): Promise<OutboxItemView> {
    const location = await this.audit.locate(client);
    const at = this.clock.now();
    const row = await this.db.transaction().execute(async (trx) => {
      if (!(await apply(trx, at.toISOString())))
        throw new AppError(
          'conflict',
          'Only pending or failed messages can be changed; it may have just been sent.',
          { rule: 'outbox_not_pending' },
        );
      await this.audit.record(
        trx,
        { code, at, actor, client, sessionId: actor.sessionId, details: { id } },
        location,
      );
      return this.outbox.get(id, trx);
    });
    if (!row) throw new AppError('not_found', 'This message no longer exists.');
    this.wake();
    return toOutboxView(row);
  }
}
