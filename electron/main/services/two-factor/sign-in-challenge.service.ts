import type { Db } from '../../db/connection';
import type { TwoFactorRepository, TwoFactorRow } from '../../db/repositories/two-factor.repository';
import type { UserRepository, UserRow } from '../../db/repositories/user.repository';
import type { Clock } from '../../adapters/clock';
import { AppError } from '../../../../shared/result';
import type { SecondStepNeeded, SignedIn } from '../../../../shared/ipc/contracts/auth.contract';
import type { CodeSentTo, TwoFactorMethod } from '../../../../shared/ipc/contracts/two-factor.contract';
import type { AuditService } from '../audit/audit.service';
import type { ClientInfo } from '../context';
import type { AuthSettings, SettingsService } from '../settings/settings.service';
import type { CodeFailure, FactorCheck } from './factor-check';
import { CODE_MINUTES, type OneTimeCodes } from './one-time-codes';
import { codeError } from './inputs';
import type { AccountLockout, Checked, Wrong } from '../auth/account-lockout';
import type { TakenTry } from '../../db/repositories/login-attempt.repository';
import type { UnitOfWork } from '../unit-of-work';
import type { OpenSession, SecondStep } from '../auth/second-step.port';

interface Challenge {
  userId: number;
  method: TwoFactorMethod;
  expiresAt: number;
  attempts: number;
}

/**
 * The sign-in second step (docs/product.md F1). A challenge lives in main, bound to the window that
 * gave the right password, with an expiry; the window gets no session until it succeeds.
 * Every code takes a try from the account's lockout budget before it is looked at (SQL, holds
 * across processes) and from the challenge's `maxCodeAttempts` (this process's memory, like the
 * window it is bound to); the challenge ends when either runs out.
 */
export class SignInChallenges implements SecondStep {
  private readonly byCaller = new Map<string, Challenge>();

  private readonly db: Db;
  private readonly audit: AuditService;
  private readonly clock: Clock;

  constructor(
    work: UnitOfWork,
    private readonly repo: TwoFactorRepository,
    private readonly users: UserRepository,
    private readonly codes: OneTimeCodes,
    private readonly check: FactorCheck,
    private readonly settings: SettingsService,
    private readonly lockout: AccountLockout,
  ) {
    this.db = work.db;
    this.audit = work.audit;
    this.clock = work.clock;
  }

  /** The user's second factor, if 2FA is on. */
  factorOf(user: UserRow): Promise<TwoFactorRow | undefined> {
    return user.two_factor_method ? this.repo.find(user.id) : Promise.resolve(undefined);
  }

  /**
   * Starts the second step for `callerKey` (call inside the account's `forAccount`). Email/SMS
   * methods get a code, unless one sent inside the resend cooldown is still good: then that one
   * is reused, so a correct password typed again and again does not send a code each time.
   */
  async begin(callerKey: string, user: UserRow, factor: TwoFactorRow): Promise<SecondStepNeeded> {
    const expiresAt = this.clock.now().getTime() + CODE_MINUTES * 60_000;
    let sentTo: CodeSentTo | null = null;
    if (factor.method !== 'totp')
      sentTo =
        (await this.codes.reuseLive(user, 'sign_in', factor.phone)) ?? (await this.sendOrReuse(user, factor));
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
    const ctx = { client, location: await this.audit.locate(client) };
    const first = this.byCaller.get(callerKey);
    if (!first) throw this.end(callerKey);
    return this.lockout.forAccount(first.userId, async () => {
      const ch = this.byCaller.get(callerKey);
      if (ch?.userId !== first.userId) throw this.end(callerKey);
      const user = await this.users.findById(ch.userId);
      if (ch.expiresAt <= this.clock.now().getTime()) {
        if (user) await this.expired(user, ctx.client, ctx.location, ch.attempts);
        throw this.end(callerKey);
      }
      // Counted before the code is looked at; the challenge ends at the limit below.
      ch.attempts += 1;
      const factor = user ? await this.repo.find(user.id) : undefined;
      if (!user || !factor || user.status === 'blocked' || ch.attempts > settings.maxCodeAttempts)
        throw this.end(callerKey);
      const step = kind === 'code' ? 'code' : 'backup';
      let r: { ok: true; value: SignedIn } | Wrong;
      try {
        r = await this.lockout.guess(
          user,
          step,
          ctx,
          (trx, taken) => this.tryCode(trx, { user, factor, kind, code, taken }, ctx, settings, open),
          'keep',
        );
      } catch (e) {
        this.byCaller.delete(callerKey); // locked: nothing more to try in this window
        throw e;
      }
      if (r.ok) {
        this.byCaller.delete(callerKey);
        return r.value;
      }
      if (r.locked) {
        this.byCaller.delete(callerKey);
        throw r.locked;
      }
      if (ch.attempts >= settings.maxCodeAttempts) throw this.end(callerKey);
      const error = codeError(r.reason as CodeFailure);
      throw new AppError(error.code, error.message, {
        reason: r.reason,
        attemptsLeft: settings.maxCodeAttempts - ch.attempts,
      });
    });
  }

  /** One code in `trx`, after its try was taken; opens the session when right. */
  private async tryCode(
    trx: Db,
    a: { user: UserRow; factor: TwoFactorRow; kind: 'code' | 'backup'; code: string; taken: TakenTry },
    ctx: { client: ClientInfo; location: string | null },
    settings: AuthSettings,
    open: OpenSession,
  ): Promise<Checked<SignedIn>> {
    const { user } = a;
    if (a.kind === 'code') {
      const r = await this.check.current(trx, a.factor, a.code, 'sign_in');
      if (!r.ok) return r;
    } else {
      const r = await this.check.backup(trx, user.id, a.code);
      if (!r.ok) return r;
      await this.audit.record(
        trx,
        {
          code: 'user.2fa:backup_code_used',
          at: this.clock.now(),
          actor: user,
          subject: user,
          client: ctx.client,
          details: { remaining: r.remaining },
        },
        ctx.location,
      );
    }
    // Another process locked the account meanwhile: roll back (the code stays unused) and refuse.
    if (!(await this.lockout.signedIn(a.taken, trx)))
      throw await this.lockout.lockedError(user.id, 'attempts', trx);
    const fresh = (await this.users.findById(user.id, trx)) ?? user;
    return { ok: true, value: await open(trx, fresh, ctx.location, settings) };
  }

  /**
   * Sends a code; when a sign-in elsewhere (this process or another one on the same database)
   * issued one between our look and our send, that code is reused instead of a second one.
   */
  private async sendOrReuse(user: UserRow, factor: TwoFactorRow): Promise<CodeSentTo> {
    try {
      return await this.send(user, factor);
    } catch (e) {
      if (!(e instanceof AppError) || e.code !== 'retry_later') throw e;
      const live = await this.codes.reuseLive(user, 'sign_in', factor.phone);
      if (live) return live;
      throw e;
    }
  }

  private send(user: UserRow, factor: TwoFactorRow): Promise<CodeSentTo> {
    return this.db
      .transaction()
      .execute((trx) =>
        this.codes.issue(trx, user, 'sign_in', factor.method === 'sms' ? 'sms' : 'email', factor.phone),
      );
  }

  private async expired(user: UserRow, client: ClientInfo, location: string | null, attempt: number) {
    const at = this.clock.now();
    await this.db
      .transaction()
      .execute((trx) =>
        this.audit.record(
          trx,
          { code: 'user:login_failed', at, subject: user, client, details: { reason: 'expired', attempt } },
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
