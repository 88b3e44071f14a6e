import type { Db } from '../../db/connection';
import type { UserRepository, UserRow } from '../../db/repositories/user.repository';
import type { PasswordResetRepository } from '../../db/repositories/password-reset.repository';
import { AppError } from '../../../../shared/result';
import type { CodeHasher } from '../two-factor/code-hasher';
import { sixDigitCode } from '../two-factor/code-hasher';
import type { Actor, ClientInfo } from '../context';
import { assertMayRecover, type BulkResult } from '../users/support.service';
import type { UnitOfWork } from '../unit-of-work';
import { RESET_CODE_MINUTES, resetCodeContext } from './reset-request.service';

/**
 * Support's "Send password reset" (docs/product.md F8): a code by email (only its keyed hash is
 * stored, valid 10 minutes). The person then takes the same steps as after "Forgot your
 * password?" (reset-flow.service.ts): the code, the second factor when 2FA is on, a new password.
 * Nobody but the person ever sees or chooses the password.
 */
export class PasswordResetService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly users: UserRepository,
    private readonly resets: PasswordResetRepository,
    private readonly codes: CodeHasher,
  ) {}

  /** Emails a fresh reset code to each user (older unused codes stop working). */
  async send(ids: readonly number[], actor: Actor, client: ClientInfo): Promise<BulkResult> {
    const unique = [...new Set(ids)];
    const location = await this.work.audit.locate(client);
    const now = this.work.clock.now();
    const rows = await this.users.findByIds(unique);
    if (rows.length !== unique.length) throw new AppError('not_found', 'One or more users no longer exist.');
    for (const row of rows) assertMayRecover(actor, row, 'reset');
    await this.work.transaction(async (trx) => {
      // Read again inside the transaction: a promotion that commits between the check above
      // and this write must not let a peer's reset code go out.
      const current = await this.users.lockByIds(unique, trx);
      if (current.length !== unique.length)
        throw new AppError('not_found', 'One or more users no longer exist.');
      for (const row of current) assertMayRecover(actor, row, 'reset');
      for (const row of current) {
        await this.issue(trx, row, now);
        await this.work.audit.record(
          trx,
          {
            code: 'admin.user:password_reset_sent',
            at: now,
            actor: { id: actor.id, username: actor.username },
            subject: row,
            client,
            sessionId: actor.sessionId,
            details: { minutes: RESET_CODE_MINUTES },
          },
          location,
        );
      }
    });
    return { changed: rows.map((r) => r.id), skipped: [] };
  }

  private async issue(trx: Db, row: UserRow, now: Date): Promise<void> {
    const code = sixDigitCode();
    await this.resets.replace(
      row.id,
      this.codes.hash(code, resetCodeContext(row.id)),
      {
        now: now.toISOString(),
        expiresAt: new Date(now.getTime() + RESET_CODE_MINUTES * 60_000).toISOString(),
      },
      trx,
    );
    await this.work.messenger().queueEmail(trx, {
      userId: row.id,
      to: row.email,
      template: 'password_reset_code',
      data: { username: row.username, code, minutes: RESET_CODE_MINUTES },
    });
  }
}
