import type { Db } from '../../db/connection';
import type { TwoFactorRepository, TwoFactorRow } from '../../db/repositories/two-factor.repository';
import type { UserRepository, UserRow } from '../../db/repositories/user.repository';
import type { Clock } from '../../adapters/clock';
import { AppError } from '../../../../shared/result';
import type { SecondStepNeeded, SignedIn } from '../../../../shared/ipc/contracts/auth.contract';
import type { CodeSentTo, TwoFactorMethod } from '../../../../shared/ipc/contracts/two-factor.contract';
import type { AuditService } from '../audit.service';
import type { ClientInfo } from '../context';
import type { AuthSettings, SettingsService } from '../settings.service';
import type { CodeFailure, FactorCheck } from './factor-check';
import { CODE_MINUTES, type OneTimeCodes } from './one-time-codes';
import { codeError } from './inputs';

interface Challenge {
  userId: number;
  method: TwoFactorMethod;
  expiresAt: number;
  attempts: number;
}

/** Opens the session once the second step succeeded (AuthService's, inside `trx`). */
export type OpenSession = (
  trx: Db,
  user: UserRow,
  location: string | null,
  settings: AuthSettings,
) => Promise<SignedIn>;

type Attempt = { signedIn: SignedIn } | { reason: CodeFailure; lockUntil: Date | null; attempts: number };

/**
 * The sign-in second step (PRODUCT.md F1). A challenge lives in main, bound to the window that
 * gave the right password, with an expiry; the window gets no session until it succeeds.
 * Wrong codes end it after `maxCodeAttempts` and count toward the password lockout.
 */
export class SignInChallenges {
  private readonly byCaller = new Map<string, Challenge>();

  constructor(
    private readonly db: Db,
    private readonly repo: TwoFactorRepository,
    private readonly users: UserRepository,
    private readonly codes: OneTimeCodes,
    private readonly check: FactorCheck,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  /** The user's second factor, if 2FA is on. */
  factorOf(user: UserRow): Promise<TwoFactorRow | undefined> {
    return user.two_factor_method ? this.repo.find(user.id) : Promise.resolve(undefined);
  }

  /** Starts the second step for `callerKey`; email/SMS methods get a fresh code. */
  async begin(callerKey: string, user: UserRow, factor: TwoFactorRow): Promise<SecondStepNeeded> {
    const expiresAt = this.clock.now().getTime() + CODE_MINUTES * 60_000;
    const sentTo = factor.method === 'totp' ? null : await this.send(user, factor);
    this.byCaller.set(callerKey, { userId: user.id, method: factor.method, expiresAt, attempts: 0 });
    return {
      status: 'second_step',
      method: factor.method,
      sentTo,
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  /** "Send again" (after the cooldown). */
  async resend(callerKey: string): Promise<CodeSentTo> {
    const ch = this.live(callerKey);
    const user = await this.users.findById(ch.userId);
    const factor = user ? await this.repo.find(user.id) : undefined;
    if (!user || !factor || factor.method === 'totp') throw this.end(callerKey);
    await this.codes.assertCanSend(user.id, 'sign_in');
    return this.send(user, factor);
  }

  /** Where this window's sign-in code went (an SMS may have fallen back to email). */
  async codeStatus(callerKey: string): Promise<CodeSentTo | null> {
    const ch = this.byCaller.get(callerKey);
    if (!ch || ch.method === 'totp' || ch.expiresAt <= this.clock.now().getTime()) return null;
    return this.codes.whereNow(ch.userId, 'sign_in');
  }

  cancel(callerKey: string): void {
    this.byCaller.delete(callerKey);
  }

  /** Checks the code (or a backup code) and opens the session when it is right. */
  async verify(
    callerKey: string,
    kind: 'code' | 'backup',
    code: string,
    client: ClientInfo,
    open: OpenSession,
  ): Promise<SignedIn> {
    const settings = await this.settings.auth();
    const location = await this.audit.locate(client);
    const ch = this.byCaller.get(callerKey);
    const now = this.clock.now();
    if (ch && ch.expiresAt <= now.getTime()) {
      const user = await this.users.findById(ch.userId);
      if (user) await this.fail(user, client, location, 'expired', ch.attempts);
    }
    const live = this.live(callerKey);
    const user = await this.users.findById(live.userId);
    const factor = user ? await this.repo.find(user.id) : undefined;
    if (!user || !factor || user.status === 'blocked' || (user.locked_until ?? '') > now.toISOString())
      throw this.end(callerKey);
    const result = await this.db.transaction().execute(async (trx): Promise<Attempt> => {
      let reason: CodeFailure = 'wrong_code';
      if (kind === 'code') {
        const r = await this.check.current(trx, factor, code, 'sign_in');
        if (r.ok) return { signedIn: await this.succeed(trx, user, client, location, settings, open) };
        reason = r.reason;
      } else {
        const r = await this.check.backup(trx, user.id, code);
        if (r.ok) {
          await this.audit.record(
            trx,
            {
              code: 'user.2fa:backup_code_used',
              at: now,
              actor: user,
              subject: user,
              client,
              details: { remaining: r.remaining },
            },
            location,
          );
          return { signedIn: await this.succeed(trx, user, client, location, settings, open) };
        }
      }
      live.attempts += 1;
      const failures = user.failed_attempts + 1;
      const lockUntil =
        failures >= settings.maxPasswordAttempts
          ? new Date(now.getTime() + settings.lockoutMinutes * 60_000)
          : null;
      await this.users.recordFailure(user.id, lockUntil?.toISOString() ?? null, now.toISOString(), trx);
      await this.audit.record(
        trx,
        {
          code: 'user:login_failed',
          at: now,
          subject: user,
          client,
          details: { reason, attempt: live.attempts, step: kind },
        },
        location,
      );
      if (lockUntil)
        await this.audit.record(
          trx,
          {
            code: 'user:locked',
            at: now,
            subject: user,
            client,
            details: { minutes: settings.lockoutMinutes },
          },
          location,
        );
      return { reason, lockUntil, attempts: live.attempts };
    });
    if ('signedIn' in result) {
      this.byCaller.delete(callerKey);
      return result.signedIn;
    }
    if (result.lockUntil) {
      this.byCaller.delete(callerKey);
      const minutes = settings.lockoutMinutes;
      throw new AppError(
        'account_locked',
        `Too many wrong attempts. This account is locked for ${minutes} minute(s).`,
        {
          minutes,
          until: result.lockUntil.toISOString(),
        },
      );
    }
    if (result.attempts >= settings.maxCodeAttempts) throw this.end(callerKey);
    const error = codeError(result.reason);
    throw new AppError(error.code, error.message, {
      reason: result.reason,
      attemptsLeft: settings.maxCodeAttempts - result.attempts,
    });
  }

  private async succeed(
    trx: Db,
    user: UserRow,
    client: ClientInfo,
    location: string | null,
    settings: AuthSettings,
    open: OpenSession,
  ): Promise<SignedIn> {
    await this.users.recordLogin(user.id, this.clock.now().toISOString(), trx);
    return open(trx, (await this.users.findById(user.id, trx)) ?? user, location, settings);
  }

  private send(user: UserRow, factor: TwoFactorRow): Promise<CodeSentTo> {
    return this.db
      .transaction()
      .execute((trx) =>
        this.codes.issue(trx, user, 'sign_in', factor.method === 'sms' ? 'sms' : 'email', factor.phone),
      );
  }

  private async fail(
    user: UserRow,
    client: ClientInfo,
    location: string | null,
    reason: string,
    attempt: number,
  ) {
    const at = this.clock.now();
    await this.db
      .transaction()
      .execute((trx) =>
        this.audit.record(
          trx,
          { code: 'user:login_failed', at, subject: user, client, details: { reason, attempt } },
          location,
        ),
      );
  }

  private live(callerKey: string): Challenge {
    const ch = this.byCaller.get(callerKey);
    if (!ch || ch.expiresAt <= this.clock.now().getTime()) throw this.end(callerKey);
    return ch;
  }

  private end(callerKey: string): AppError {
    this.byCaller.delete(callerKey);
    return new AppError('challenge_ended', 'The sign-in step ended. Sign in again.');
  }
}
