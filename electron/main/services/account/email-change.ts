import type { Db } from '../../db/connection';
import type { UserRow } from '../../db/repositories/user.repository';
import type { AccountRepository } from '../../db/repositories/account.repository';
import type { RateLimitRepository } from '../../db/repositories/rate-limit.repository';
import type { Clock } from '../../adapters/clock';
import { AppError } from '../../../../shared/result';
import type { Messenger } from '../delivery/messenger.port';
import type { AuditService } from '../audit/audit.service';
import type { ClientInfo } from '../context';
import { sixDigitCode, type CodeHasher } from '../two-factor/code-hasher';

/** An email-change code works this long. */
export const EMAIL_CODE_MINUTES = 15;
/** Wrong codes one email change survives; the last one drops the change. */
export const EMAIL_CODE_ATTEMPTS = 5;
/** Codes sent to new addresses per user and hour: enough for typos, too few to spam someone. */
export const EMAIL_CHANGES_PER_HOUR = 5;
const HOUR = 3_600_000;

type Confirmed = { email: string } | { missing: true } | { wrong: true; left: number } | { conflict: true };

/**
 * Changing the own email address (docs/product.md F2): a code goes to the new address (only its keyed
 * hash is stored); nothing changes until it is typed back. Requests are limited per user and
 * hour, tries per code; both counters are checked and counted in one SQL statement.
 */
export class EmailChanges {
  constructor(
    private readonly db: Db,
    private readonly account: AccountRepository,
    private readonly limits: RateLimitRepository,
    private readonly codes: CodeHasher,
    private readonly audit: AuditService,
    private readonly messenger: () => Messenger,
    private readonly clock: Clock,
  ) {}

  /** Sends a code to the new address; at most EMAIL_CHANGES_PER_HOUR per user and hour. */
  async request(user: UserRow, email: string): Promise<{ pendingEmail: string; expiresAt: string }> {
    if (email.toLowerCase() === user.email.toLowerCase())
      throw new AppError('invalid_input', 'This is already your email address.', {
        rule: 'same_email',
      });
    if (await this.account.emailTaken(email, user.id))
      throw new AppError('conflict', 'Another user already has this email address.', { field: 'email' });
    const code = sixDigitCode();
    const now = this.clock.now();
    const expiresAt = new Date(now.getTime() + EMAIL_CODE_MINUTES * 60_000).toISOString();
    const key = `email_change:${user.id}`;
    const sent = await this.db.transaction().execute(async (trx) => {
      const hit = await this.limits.hit(
        key,
        {
          now: now.toISOString(),
          windowStartsAfter: new Date(now.getTime() - HOUR).toISOString(),
          limit: EMAIL_CHANGES_PER_HOUR,
        },
        trx,
      );
      if (!hit) return false;
      await this.account.putEmailChange(
        {
          user_id: user.id,
          new_email: email,
          code_hash: this.codes.hash(code, context(user.id)),
          expires_at: expiresAt,
          created_at: now.toISOString(),
        },
        trx,
      );
      await this.messenger().queueEmail(trx, {
        userId: user.id,
        to: email,
        template: 'email_change_code',
        data: { username: user.username, code, minutes: EMAIL_CODE_MINUTES },
      });
      return true;
    });
    if (!sent) {
      const start = await this.limits.windowStart(key);
      const minutes = start
        ? Math.max(1, Math.ceil((new Date(start).getTime() + HOUR - now.getTime()) / 60_000))
        : 60;
      throw new AppError(
        'retry_later',
        `You asked for ${EMAIL_CHANGES_PER_HOUR} email changes within an hour. Try again in ${minutes} minute(s).`,
        { minutes, seconds: minutes * 60 },
      );
    }
    return { pendingEmail: email, expiresAt };
  }

  /** Confirms the pending change with the code; the old address is told. */
  async confirm(
    user: UserRow,
    code: string,
    client: ClientInfo,
    sessionId: string | null,
  ): Promise<{ email: string }> {
    const now = this.clock.now();
    const location = await this.audit.locate(client);
    const r = await this.db.transaction().execute(async (trx): Promise<Confirmed> => {
      // The try is counted before the code is compared: parallel guesses cannot pass the limit.
      const pending = await this.account.takeEmailCodeTry(
        user.id,
        now.toISOString(),
        EMAIL_CODE_ATTEMPTS,
        trx,
      );
      if (!pending) return { missing: true };
      if (!this.codes.matches(code, context(user.id), pending.code_hash)) {
        const left = EMAIL_CODE_ATTEMPTS - pending.attempts;
        if (left === 0) await this.account.dropEmailChange(user.id, trx);
        return { wrong: true, left };
      }
      if (await this.account.emailTaken(pending.new_email, user.id, trx)) return { conflict: true };
      await this.account.setEmail(user.id, pending.new_email, now.toISOString(), trx);
      await this.account.dropEmailChange(user.id, trx);
      await this.audit.record(
        trx,
        {
          code: 'user.profile:updated',
          at: now,
          actor: user,
          subject: user,
          client,
          sessionId,
          details: { field: 'email', from: user.email, to: pending.new_email },
        },
        location,
      );
      await this.messenger().queueEmail(trx, {
        userId: user.id,
        to: user.email,
        template: 'email_changed_notice',
        data: { username: user.username, newEmail: pending.new_email },
      });
      return { email: pending.new_email };
    });
    if ('email' in r) return r;
    if ('conflict' in r)
      throw new AppError('conflict', 'Another user already has this email address.', { field: 'email' });
    if ('missing' in r)
      throw new AppError('not_found', 'There is no email change waiting, or its code expired. Start again.', {
        rule: 'no_email_change',
      });
    if (r.left === 0)
      throw new AppError('invalid_code', 'Too many wrong codes. Start the email change again.', {
        attemptsLeft: 0,
      });
    throw new AppError('invalid_code', 'The code is not correct. Check the email and try again.', {
      attemptsLeft: r.left,
    });
  }
}

function context(userId: number): string {
  return `email_change:${userId}`;
}
