import type { Db } from '../../db/connection';
import type { UserRepository, UserRow } from '../../db/repositories/user.repository';
import type { PasswordResetRepository } from '../../db/repositories/password-reset.repository';
import type { RateLimitRepository } from '../../db/repositories/rate-limit.repository';
import { AppError } from '../../../../shared/result';
import type { ResetRequested, ResetStatus } from '../../../../shared/ipc/contracts/password-reset.contract';
import type { ClientInfo } from '../context';
import type { SettingsService } from '../settings/settings.service';
import { sixDigitCode, type CodeHasher } from '../two-factor/code-hasher';
import type { UnitOfWork } from '../unit-of-work';

/** How long a reset code works (support-sent codes too). */
export const RESET_CODE_MINUTES = 10;
/** One request per typed login, and one code per account, in this many seconds. */
export const REQUEST_COOLDOWN_SECONDS = 60;
/** Requests one window may make in an hour, whatever logins they name. */
export const REQUESTS_PER_WINDOW_HOUR = 10;
/** Codes (or "ask your administrator" emails) one account receives in an hour. */
export const CODES_PER_ACCOUNT_HOUR = 5;

/** The answer to every accepted request: the same bytes whether or not an account matches. */
export const REQUESTED: ResetRequested = Object.freeze({
  status: 'requested',
  codeMinutes: RESET_CODE_MINUTES,
});

/** The keyed-hash context of a user's reset codes (support-sent codes use the same). */
export function resetCodeContext(userId: number): string {
  return `password_reset:${userId}`;
}

/** What a request led to, for the audit only (never for the caller). */
type Outcome = 'sent' | 'unknown_login' | 'blocked' | 'not_allowed' | 'throttled';

const HOUR = 60 * 60_000;

/**
 * "Forgot your password?", the request (docs/product.md F1, F2; ASVS 6.4.1-6.4.3). The caller
 * always gets REQUESTED or, past a limit keyed by what the caller chose (the typed login, the
 * window), retry_later: nothing it sees depends on whether an account matched, is blocked or
 * lacks the right. Every path does the same work: no argon2, the same keyed hashes, the same
 * rate-limit upserts, the same lookups and one audit row in one transaction; only the code row
 * and the queued email (single-row inserts, delivered later by the outbox worker) differ.
 */
export class ResetRequestService {
  constructor(
    private readonly work: UnitOfWork,
    private readonly users: UserRepository,
    private readonly resets: PasswordResetRepository,
    private readonly rates: RateLimitRepository,
    private readonly settings: SettingsService,
    private readonly codes: CodeHasher,
  ) {}

  /** Whether self-service recovery is on, and the contact text the sign-in screen shows otherwise. */
  async status(): Promise<ResetStatus> {
    const s = await this.settings.auth();
    return { selfService: s.selfServiceRecovery, contact: s.recoveryContact };
  }

  /** Sends a reset code to the account `login` names, if any may have one; always the same answer. */
  async request(login: string, callerKey: string, client: ClientInfo): Promise<ResetRequested> {
    const s = await this.settings.auth();
    if (!s.selfServiceRecovery)
      throw new AppError(
        'permission_denied',
        'Password recovery by email is switched off. Ask your administrator or support to send you a reset code.',
        { rule: 'email_recovery_off' },
      );
    const typed = login.trim().toLowerCase();
    const now = this.work.clock.now();
    await this.limit(`recovery:window:${callerKey}`, now, HOUR, REQUESTS_PER_WINDOW_HOUR);
    const loginKey = this.codes.fingerprint(typed, 'recovery:login');
    await this.limit(`recovery:login:${loginKey}`, now, REQUEST_COOLDOWN_SECONDS * 1000, 1);
    const user = await this.users.findByLogin(typed);
    const location = await this.work.audit.locate(client);
    // Made on every path, used only when a code goes out: equal work whatever the login is.
    const code = sixDigitCode();
    const codeHash = this.codes.hash(code, resetCodeContext(user?.id ?? 0));
    const iso = now.toISOString();
    await this.work.transaction(async (trx) => {
      const outcome = await this.outcome(trx, user, loginKey, now);
      await this.work.audit.record(
        trx,
        {
          code: 'user.password:reset_requested',
          at: now,
          subject: user ?? null,
          client,
          details: user ? { outcome } : { outcome, loginHash: this.codes.fingerprint(typed, 'audit:login') },
        },
        location,
      );
      if (!user) return;
      if (outcome === 'blocked') await this.resets.voidLive(user.id, iso, trx);
      if (outcome === 'sent') await this.send(trx, user, code, codeHash, now);
      if (outcome === 'not_allowed')
        await this.work.messenger().queueEmail(trx, {
          userId: user.id,
          to: user.email,
          template: 'password_reset_not_allowed',
          data: { username: user.username },
        });
    });
    return REQUESTED;
  }

  /** Which outcome, counting the account's own limits in `trx` (same statements for every path). */
  private async outcome(trx: Db, user: UserRow | undefined, loginKey: string, now: Date): Promise<Outcome> {
    const last = await this.resets.latestIssuedAt(user?.id ?? 0, trx);
    const fresh = last !== null && new Date(last).getTime() + REQUEST_COOLDOWN_SECONDS * 1000 > now.getTime();
    const hour = await this.rates.hit(
      user ? `recovery:account:${user.id}` : `recovery:account:${loginKey}`,
      {
        now: now.toISOString(),
        windowStartsAfter: new Date(now.getTime() - HOUR).toISOString(),
        limit: fresh ? 0 : CODES_PER_ACCOUNT_HOUR,
      },
      trx,
    );
    if (!user) return 'unknown_login';
    if (user.status === 'blocked') return 'blocked';
    if (fresh || !hour) return 'throttled';
    return user.can_change_password === 1 ? 'sent' : 'not_allowed';
  }

  private async send(trx: Db, user: UserRow, code: string, codeHash: string, now: Date): Promise<void> {
    await this.resets.replace(
      user.id,
      codeHash,
      {
        now: now.toISOString(),
        expiresAt: new Date(now.getTime() + RESET_CODE_MINUTES * 60_000).toISOString(),
      },
      trx,
    );
    await this.work.messenger().queueEmail(trx, {
      userId: user.id,
      to: user.email,
      template: 'password_reset_code',
      data: { username: user.username, code, minutes: RESET_CODE_MINUTES },
    });
  }

  /** Counts one hit of `key`; retry_later (same words for every caller) past `limit` per `ms`. */
  private async limit(key: string, now: Date, ms: number, limit: number): Promise<void> {
    const hit = await this.rates.hit(key, {
      now: now.toISOString(),
      windowStartsAfter: new Date(now.getTime() - ms).toISOString(),
      limit,
    });
    if (hit) return;
    const start = await this.rates.windowStart(key);
    const left = start ? new Date(start).getTime() + ms - now.getTime() : ms;
    const seconds = Math.max(1, Math.ceil(left / 1000));
    throw new AppError(
      'retry_later',
      `Too many password reset requests. Wait ${String(seconds)} seconds and try again.`,
      { seconds },
    );
  }
}
