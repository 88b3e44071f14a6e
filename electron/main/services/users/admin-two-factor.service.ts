import type { Db } from '../../db/connection';
import type { TwoFactorRepository } from '../../db/repositories/two-factor.repository';
import type { UserRepository } from '../../db/repositories/user.repository';
import type { Clock } from '../../adapters/clock';
import { AppError } from '../../../../shared/result';
import type { AuditService } from '../audit/audit.service';
import { assertMayRecover } from './support.service';
import type { Actor, ClientInfo } from '../context';
import type { Messenger } from '../delivery/messenger.port';
import type { SessionService } from '../sessions/session.service';

/**
 * Support's "Disable two-factor authentication" for a locked-out person (docs/product.md source page S2): needs a
 * reason, emails the user, ends their sessions and records who did it and why. Only on people
 * strictly below the operator's role. There is no counterpart to enable 2FA for someone else.
 */
export class AdminTwoFactorService {
  constructor(
    private readonly db: Db,
    private readonly repo: TwoFactorRepository,
    private readonly users: UserRepository,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly messenger: () => Messenger,
    private readonly clock: Clock,
  ) {}

  async disableFor(actor: Actor, userId: number, reason: string, client: ClientInfo): Promise<void> {
    const target = await this.users.findById(userId);
    if (!target) throw new AppError('not_found', 'That user no longer exists.');
    // Strictly below only, and never oneself: the own page asks for a code or the password.
    assertMayRecover(actor, target, 'twoFactor');
    if (!(await this.repo.find(userId)))
      throw new AppError('conflict', 'Two-factor authentication is not on for this user.', {
        rule: 'two_factor_off',
      });
    const location = await this.audit.locate(client);
    const now = this.clock.now();
    const ended = await this.db.transaction().execute(async (trx) => {
      // Again on the row as it is now, so a parallel promotion cannot slip between check and write.
      const [fresh] = await this.users.lockByIds([userId], trx);
      if (!fresh) throw new AppError('not_found', 'That user no longer exists.');
      assertMayRecover(actor, fresh, 'twoFactor');
      await this.repo.disable(userId, now.toISOString(), trx);
      const ids = await this.sessions.endOthersIn(trx, target, null, 'revoked');
      await this.audit.record(
        trx,
        {
          code: 'user.2fa:disabled_by_admin',
          at: now,
          actor,
          subject: target,
          client,
          sessionId: actor.sessionId,
          details: { reason, sessionsEnded: ids.length },
        },
        location,
      );
      await this.messenger().queueEmail(trx, {
        userId: target.id,
        to: target.email,
        template: 'two_factor_disabled_by_admin',
        data: { username: target.username, operator: actor.username, reason },
      });
      return ids;
    });
    this.sessions.notifyEnded(ended, 'revoked');
  }
}
