import type { Db } from '../../db/connection';
import type { SessionRepository } from '../../db/repositories/session.repository';
import type { UserRepository } from '../../db/repositories/user.repository';
import type { Clock } from '../../adapters/clock';
import type { Logger } from '../../adapters/logger';
import { PeriodicJob } from '../periodic-job';
import type { AuditService } from '../audit/audit.service';
import type { SettingsService } from '../settings/settings.service';
import type { SessionService } from './session.service';

/** Sessions ended per transaction; a run loops until none is left. */
const BATCH = 200;

/**
 * Ends sessions past their idle or absolute limit even when nobody uses them again, so they
 * leave every list (issue 17), audited as `session:expired` exactly as the on-use check in
 * SessionService.resolve does. Time comes only from the injected clock; idempotent.
 */
export class SessionSweep {
  private job: PeriodicJob | null = null;

  constructor(
    private readonly db: Db,
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly notify: Pick<SessionService, 'notifyEnded'>,
  ) {}

  /** Ends every stale session at `now`; returns the ids it ended (their windows are told). */
  async runDue(now: Date = this.clock.now()): Promise<string[]> {
    const { sessionIdleMinutes } = await this.settings.auth();
    const iso = now.toISOString();
    const idleBefore = new Date(now.getTime() - sessionIdleMinutes * 60_000).toISOString();
    const ended: string[] = [];
    for (;;) {
      const stale = await this.sessions.listStale(iso, idleBefore, BATCH);
      if (stale.length === 0) break;
      const done = await this.db.transaction().execute(async (trx) => {
        const ids: string[] = [];
        for (const s of stale) {
          if (!(await this.sessions.end(s.id, 'expired', iso, trx))) continue;
          ids.push(s.id);
          const user = await this.users.findById(s.user_id, trx);
          if (!user) continue;
          const reason = iso >= s.expires_at ? 'lifetime' : 'idle';
          await this.audit.record(
            trx,
            { code: 'session:expired', at: now, subject: user, sessionId: s.id, details: { reason } },
            s.location,
          );
        }
        return ids;
      });
      ended.push(...done);
      // Someone else ended them between the read and the write: nothing more to do this run.
      if (done.length === 0) break;
    }
    this.notify.notifyEnded(ended, 'expired');
    return ended;
  }

  /** Sweeps `firstMs` after start and then every `intervalMs` (a PeriodicJob). */
  start(intervalMs = 60_000, firstMs = 5_000): void {
    this.job ??= new PeriodicJob('Session sweep failed', () => this.runDue(), this.logger);
    this.job.start(intervalMs, firstMs);
  }

  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void> {
    return this.job?.stop() ?? Promise.resolve();
  }
}
