import type { Db } from '../../db/connection';
import {
  blockIfActive,
  recordBlockingNotice,
  usersBlockingBefore,
} from '../../db/repositories/blocking-notices.sql';
import { settingOn } from '../../db/repositories/settings.repository';
import type { Clock } from '../../adapters/clock';
import type { Logger } from '../../adapters/logger';
import { PeriodicJob } from '../periodic-job';
import { accountServicesSchema } from '../../../../shared/domain/delivery';
import type { AuditService } from '../audit/audit.service';
import type { MessengerRef } from '../delivery/messenger-ref';
import { SupportService, type SessionEndedNotifier } from '../users/support.service';

/** Notices start this many days before the blocking date (docs/product.md source page S0). */
export const NOTICE_DAYS = 5;
const DAY_MS = 86_400_000;

/** What one run did, for tests and logs. */
export interface BlockingRun {
  noticesQueued: number;
  blocked: number;
}

/** UTC calendar day of an instant, YYYY-MM-DD. */
function dayOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/**
 * Account blocking (source page S0, docs/product.md F6): from 5 days before a user's blocking date, one
 * email a day (when the user's "notify about account blocking" option and the account service
 * "E-mail notifications" are on), never twice a day (unique user+day row), none after; on the
 * date the account is blocked and its sessions end. Time comes only from the injected clock.
 * Safe with several processes on one database: the user+day row is inserted (ON CONFLICT DO
 * NOTHING) in the transaction that queues the email, so a concurrent run's insert waits for it
 * and then queues nothing; blocking is a conditional update (tests/postgres-blocking-notices.pg-test.ts).
 */
export class BlockingNoticeService {
  private job: PeriodicJob | null = null;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditService,
    private readonly messenger: MessengerRef,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly notifySessionEnded: () => SessionEndedNotifier,
  ) {}

  /** Runs everything due at `now`: idempotent, so the timer may call it as often as it likes. */
  async runDue(now: Date = this.clock.now()): Promise<BlockingRun> {
    const iso = now.toISOString();
    const today = dayOf(now);
    const horizon = new Date(Date.parse(`${today}T00:00:00Z`) + (NOTICE_DAYS + 1) * DAY_MS).toISOString();
    const candidates = await usersBlockingBefore(this.db, horizon);
    const run: BlockingRun = { noticesQueued: 0, blocked: 0 };
    const ended: string[] = [];
    for (const user of candidates) {
      const date = user.blocking_date ?? '';
      if (date <= iso) {
        ended.push(...(await this.block(user, date, now)));
        run.blocked++;
        continue;
      }
      const daysLeft = Math.round(
        (Date.parse(`${date.slice(0, 10)}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS,
      );
      if (user.notify_blocking !== 1 || daysLeft < 1 || daysLeft > NOTICE_DAYS) continue;
      const queued = await this.db.transaction().execute(async (trx) => {
        if (!(await emailNotificationsOn(trx))) return false;
        if (!(await recordBlockingNotice(trx, user.id, today, iso))) return false;
        await this.messenger().queueEmail(trx, {
          userId: user.id,
          to: user.email,
          template: 'blocking_notice',
          data: { username: user.username, blockingDate: date, daysLeft },
        });
        return true;
      });
      if (queued) run.noticesQueued++;
    }
    const notify = this.notifySessionEnded();
    for (const id of ended) notify(id, 'revoked');
    return run;
  }

  /** Checks soon after start and then every `intervalMs` (a PeriodicJob). */
  start(intervalMs = 10 * 60_000): void {
    this.job ??= new PeriodicJob('Blocking notices failed', () => this.runDue(), this.logger);
    this.job.start(intervalMs, 5_000);
  }

  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void> {
    return this.job?.stop() ?? Promise.resolve();
  }

  private async block(user: { id: number; username: string }, date: string, now: Date): Promise<string[]> {
    const iso = now.toISOString();
    return this.db.transaction().execute(async (trx) => {
      if (!(await blockIfActive(trx, user.id, iso))) return [];
      const ended = await SupportService.endAllSessions(trx, user.id, 'revoked', iso);
      await this.audit.record(
        trx,
        {
          code: 'user:blocked_on_date',
          at: now,
          subject: user,
          details: { date, sessionsEnded: ended.length },
        },
        null,
      );
      return ended;
    });
  }
}

/** The account service "E-mail notifications" (stored by the delivery settings under `services`). */
export async function emailNotificationsOn(db: Db): Promise<boolean> {
  const parsed = accountServicesSchema.safeParse((await settingOn(db, 'services')) ?? {});
  return parsed.success ? parsed.data.emailEnabled : true;
}
