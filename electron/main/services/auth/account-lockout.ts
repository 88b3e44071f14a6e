import type { Db } from '../../db/connection';
import type { CredentialRepository } from '../../db/repositories/credential.repository';
import type { LoginAttemptRepository, TakenTry } from '../../db/repositories/login-attempt.repository';
import type { UserRow } from '../../db/repositories/user.repository';
import type { Clock } from '../../adapters/clock';
import type { PasswordHasher } from '../../security/password-hasher';
import { AppError } from '../../../../shared/result';
import type { AuditService } from '../audit/audit.service';
import { KeyedMutex } from '../keyed-mutex';
import type { AuthSettings, SettingsService } from '../settings/settings.service';
import type { LoginFingerprints } from './second-step.port';
import { lockedError } from '../unknown-logins';
import type { Checked, GuessContext, GuessStep, Wrong } from './guess';

// The guess types live in guess.ts; re-exported for the services that check answers.
export type { Checked, GuessContext, GuessStep, Wrong } from './guess';

/**
 * The account lockout (ASVS V6.3.1, NIST 800-63B 3.2.2). Every guess at a secret of an account
 * (password, second-step code, backup code, own-page step-up) takes one try from the account's
 * budget BEFORE it is evaluated, in one SQL statement that also sets the lock at the limit; a
 * right answer gives its try back or completes the sign-in. Guesses for one account run one at
 * a time in this process (`forAccount`), so a burst gets its answers in a fixed order.
 */
export class AccountLockout {
  private readonly mutex = new KeyedMutex();

  constructor(
    private readonly db: Db,
    private readonly attempts: LoginAttemptRepository,
    private readonly credentials: CredentialRepository,
    private readonly hasher: PasswordHasher,
    private readonly fingerprints: LoginFingerprints,
    private readonly audit: AuditService,
    private readonly settings: SettingsService,
    private readonly clock: Clock,
  ) {}

  /** Runs `fn` as the only guess in progress for this account (never nest two for one account). */
  forAccount<T>(userId: number, fn: () => Promise<T>): Promise<T> {
    return this.mutex.run(`user:${userId}`, fn);
  }

  /** The same for a login that matches no account, keyed by the login as typed (case-folded). */
  forUnknownLogin<T>(login: string, fn: () => Promise<T>): Promise<T> {
    return this.mutex.run(`login:${login.toLowerCase()}`, fn);
  }

  /** The limits in force; read them before opening a transaction (settings use their own query). */
  limits(): Promise<AuthSettings> {
    return this.settings.auth();
  }

  /** Takes one try for `userId` (undefined: locked, do not evaluate). */
  take(userId: number, limits: AuthSettings, db: Db = this.db): Promise<TakenTry | undefined> {
    const now = this.clock.now();
    return this.attempts.take(
      userId,
      {
        now: now.toISOString(),
        limit: limits.maxPasswordAttempts,
        lockUntil: new Date(now.getTime() + limits.lockoutMinutes * 60_000).toISOString(),
      },
      db,
    );
  }

  /** Gives a right answer's try back (not a completed sign-in). */
  giveBack(taken: TakenTry, db: Db = this.db): Promise<void> {
    return this.attempts.giveBack(taken, this.clock.now().toISOString(), db);
  }

  /** Completes a sign-in in `trx`; false when another call locked the account meanwhile. */
  signedIn(taken: TakenTry, trx: Db): Promise<boolean> {
    return this.attempts.signedIn(taken, this.clock.now().toISOString(), trx);
  }

  /**
   * One fast guess (a code) inside a write transaction: take a try, check, then give it back
   * when right (`onRight: 'give_back'`) or audit it when wrong. Call inside `forAccount`.
   * Throws account_locked, without evaluating, while the account is locked.
   */
  async guess<T>(
    user: UserRow,
    step: GuessStep,
    ctx: GuessContext,
    check: (trx: Db, taken: TakenTry) => Promise<Checked<T>>,
    onRight: 'give_back' | 'keep' = 'give_back',
  ): Promise<{ ok: true; value: T } | Wrong> {
    const limits = await this.limits();
    const outcome = await this.db.transaction().execute(async (trx) => {
      // The counting UPDATE comes first: the transaction holds the write lock before it reads.
      const taken = await this.take(user.id, limits, trx);
      if (!taken) return { refused: true as const };
      const r = await check(trx, taken);
      if (r.ok) {
        if (onRight === 'give_back') await this.giveBack(taken, trx);
        return r;
      }
      await this.recordWrong(trx, user, taken, limits, step, r.reason, ctx);
      return { ok: false as const, reason: r.reason, locked: this.lockedBy(taken, 'attempts') };
    });
    if ('refused' in outcome) throw await this.refuse(user, step, ctx, 'attempts');
    return outcome;
  }

  /**
   * The account's current password as one counted guess; the slow argon2 check runs outside
   * any transaction, after the try was taken. Returns the try when right (give it back or
   * complete the sign-in with it); throws `wrong()` or account_locked. Call inside `forAccount`.
   */
  async checkPassword(
    user: UserRow,
    password: string,
    step: GuessStep,
    ctx: GuessContext,
    wrong: () => AppError,
  ): Promise<TakenTry> {
    const limits = await this.limits();
    const taken = await this.take(user.id, limits);
    if (!taken) {
      await this.hasher.burn(password); // the same work as a real check: timing tells nothing
      throw await this.refuse(user, step, ctx, 'passwords');
    }
    const hash = await this.credentials.currentPasswordHash(user.id);
    if (hash ? await this.hasher.verify(hash, password) : await this.hasher.burn(password)) return taken;
    await this.db.transaction().execute(async (trx) => {
      await this.attempts.claim(user.id, this.clock.now().toISOString(), trx);
      await this.recordWrong(trx, user, taken, limits, step, 'wrong_password', ctx);
    });
    throw this.lockedBy(taken, 'passwords') ?? wrong();
  }

  /**
   * A wrong password for a login that matches no account: counted in the database like a real
   * account (same limit, minutes, order of answers; across processes and restarts), with one
   * dummy argon2 check. The count and the audit keep a keyed hash of the login, never the text.
   */
  async failUnknown(login: string, password: string, ctx: GuessContext): Promise<never> {
    const limits = await this.limits();
    const now = this.clock.now();
    const key = this.loginFingerprint(login);
    const taken = await this.attempts.takeUnknown(key, {
      now: now.toISOString(),
      limit: limits.maxPasswordAttempts,
      lockUntil: new Date(now.getTime() + limits.lockoutMinutes * 60_000).toISOString(),
    });
    await this.hasher.burn(password);
    await this.db.transaction().execute(async (trx) => {
      await this.attempts.claimUnknown(key, now.toISOString(), trx);
      await this.audit.record(
        trx,
        {
          code: 'user:login_failed',
          at: now,
          client: ctx.client,
          details: { reason: taken ? 'unknown_user' : 'locked', step: 'password', loginHash: key },
        },
        ctx.location,
      );
    });
    const until = taken ? taken.lockedUntil : await this.attempts.unknownLockedUntil(key);
    if (until) throw lockedError(new Date(until), now);
    throw new AppError('invalid_credentials', 'The username or password is not correct.');
  }

  /** A keyed hash of a typed login: equal logins correlate in the audit, the text is not kept. */
  loginFingerprint(login: string): string {
    return this.fingerprints.fingerprint(login.toLowerCase(), 'audit:login');
  }

  private async recordWrong(
    trx: Db,
    user: UserRow,
    taken: TakenTry,
    limits: AuthSettings,
    step: GuessStep,
    reason: string,
    ctx: GuessContext,
  ): Promise<void> {
    const at = this.clock.now();
    const base = { at, subject: user, client: ctx.client };
    await this.audit.record(
      trx,
      { ...base, code: 'user:login_failed', details: { reason, attempt: taken.attempt, step } },
      ctx.location,
    );
    if (taken.lockedUntil)
      await this.audit.record(
        trx,
        { ...base, code: 'user:locked', details: { minutes: limits.lockoutMinutes, step } },
        ctx.location,
      );
  }

  /** Audits a guess refused unevaluated because the account is locked; the error to throw. */
  private async refuse(
    user: UserRow,
    step: GuessStep,
    ctx: GuessContext,
    what: 'passwords' | 'attempts',
  ): Promise<AppError> {
    const at = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await this.attempts.claim(user.id, at.toISOString(), trx);
      await this.audit.record(
        trx,
        {
          code: 'user:login_failed',
          at,
          subject: user,
          client: ctx.client,
          details: { reason: 'locked', step },
        },
        ctx.location,
      );
    });
    return this.lockedError(user.id, what);
  }

  /** account_locked with the minutes left on the account's current lock (inside a transaction: pass it). */
  async lockedError(
    userId: number,
    what: 'passwords' | 'attempts' = 'attempts',
    db: Db = this.db,
  ): Promise<AppError> {
    const now = this.clock.now();
    const until = await this.attempts.lockedUntil(userId, db);
    return lockedError(until ? new Date(until) : now, now, what);
  }

  private lockedBy(taken: TakenTry, what: 'passwords' | 'attempts'): AppError | null {
    return taken.lockedUntil ? lockedError(new Date(taken.lockedUntil), this.clock.now(), what) : null;
  }
}
