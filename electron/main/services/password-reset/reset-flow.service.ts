import type { Db } from '../../db/connection';
import type { UserRepository, UserRow } from '../../db/repositories/user.repository';
import type { TwoFactorRepository, TwoFactorRow } from '../../db/repositories/two-factor.repository';
import type { PasswordResetRepository } from '../../db/repositories/password-reset.repository';
import { AppError } from '../../../../shared/result';
import type { ResetCodeAccepted } from '../../../../shared/ipc/contracts/password-reset.contract';
import type { CodeSentTo } from '../../../../shared/ipc/contracts/two-factor.contract';
import type { AccountLockout, Checked } from '../auth/account-lockout';
import type { ClientInfo } from '../context';
import type { SettingsService } from '../settings/settings.service';
import type { CodeHasher } from '../two-factor/code-hasher';
import type { CodeFailure, FactorCheck } from '../two-factor/factor-check';
import { codeError } from '../two-factor/inputs';
import type { OneTimeCodes } from '../two-factor/one-time-codes';
import { resetCodeContext } from './reset-request.service';
import type { NewPasswordSetter } from './new-password';
import type { ResetSteps } from './reset-steps';
import type { UnitOfWork } from '../unit-of-work';

const INVALID = 'The username or reset code is not correct, or the code has expired. Ask for a new code.';
/** Compared when no code row exists, so an unknown login costs the same keyed hash as a known one. */
const NO_CODE = '0'.repeat(64);

/**
 * The steps after the request (docs/product.md F1, F3; ASVS 6.4.3, NIST SP 800-63B account
 * recovery): the emailed code, then the second factor when 2FA is on, then the new password.
 * The email code alone never replaces the second factor: an email-method account must use a
 * backup code (one inbox must not reset both factors); an SMS code never falls back to email.
 */
export class ResetFlow {
  constructor(
    private readonly work: UnitOfWork,
    private readonly users: UserRepository,
    private readonly twoFactor: TwoFactorRepository,
    private readonly resets: PasswordResetRepository,
    private readonly steps: ResetSteps,
    private readonly settings: SettingsService,
    private readonly codes: CodeHasher,
    private readonly oneTimeCodes: OneTimeCodes,
    private readonly check: FactorCheck,
    private readonly lockout: AccountLockout,
    private readonly setter: NewPasswordSetter,
  ) {}

  /**
   * Checks the emailed (or support-sent) code. The try is counted before the code is compared,
   * in one UPDATE that refuses a used, expired or used-up code, so parallel guesses cannot pass
   * maxCodeAttempts; an unknown login is compared against a dummy hash and answered alike.
   */
  async verifyCode(login: string, code: string, callerKey: string): Promise<ResetCodeAccepted> {
    this.steps.drop(callerKey);
    const { maxCodeAttempts } = await this.settings.auth();
    const now = this.work.clock.now();
    const user = await this.users.findByLogin(login.trim().toLowerCase());
    // The same UPDATE runs for an unknown login (no user 0 exists): equal work either way.
    const taken = await this.resets.takeTry(user?.id ?? 0, now.toISOString(), maxCodeAttempts);
    const right = taken
      ? this.codes.matches(code, resetCodeContext(taken.user_id), taken.code_hash)
      : this.codes.matches(code, resetCodeContext(0), NO_CODE);
    if (!user || !taken || !right || !eligible(user))
      throw new AppError('invalid_credentials', INVALID, { rule: 'reset_invalid' });
    // 2FA is on when the account has a second factor (as for sign-in and support's "disable").
    const factor = (await this.factorOf(user))?.method ?? null;
    const expiresAt = new Date(taken.expires_at).getTime();
    this.steps.start(callerKey, {
      userId: user.id,
      resetId: taken.id,
      expiresAt,
      factor,
      factorPassed: factor === null,
    });
    const policy = await this.settings.passwordPolicySettings();
    return {
      secondFactor: factor
        ? {
            method: factor,
            codeAllowed: factor !== 'email',
            hasBackupCodes: (await this.twoFactor.unusedBackupCodes(user.id)).length > 0,
          }
        : null,
      username: user.username,
      email: user.email,
      policy: {
        minLength: policy.minLength,
        maxLength: policy.maxLength,
        historyCount: policy.historyCount,
        contextWords: policy.contextWords,
      },
      expiresAt: new Date(expiresAt).toISOString(),
    };
  }

  /** Texts the second-factor code to an SMS-method account (never to email: see the class note). */
  async sendSms(callerKey: string): Promise<CodeSentTo> {
    const step = this.steps.live(callerKey, this.work.clock.now().getTime());
    if (step.factor !== 'sms' || step.factorPassed)
      throw new AppError('invalid_input', 'This account does not use SMS codes. Use your second factor.', {
        rule: 'reset_no_sms',
      });
    const { user, factor } = await this.current(callerKey, step.userId);
    return this.work.transaction((trx) =>
      this.oneTimeCodes.issue(trx, user, 'reset_password', 'sms', factor.phone, { emailFallback: false }),
    );
  }

  /** The second factor: an authenticator or SMS code, or a backup code. */
  async verifySecondFactor(
    callerKey: string,
    kind: 'code' | 'backup',
    code: string,
    client: ClientInfo,
  ): Promise<null> {
    const first = this.steps.live(callerKey, this.work.clock.now().getTime());
    if (first.factorPassed) return null;
    if (kind === 'code' && first.factor === 'email')
      throw new AppError(
        'invalid_input',
        'An email code cannot confirm a password reset that was itself sent by email. Use a backup code, or ask support for help.',
        { rule: 'reset_email_code' },
      );
    const { maxCodeAttempts } = await this.settings.auth();
    const ctx = { client, location: await this.work.audit.locate(client) };
    return this.lockout.forAccount(first.userId, async () => {
      const step = this.steps.live(callerKey, this.work.clock.now().getTime());
      // Counted before the code is looked at; the step ends at the limit.
      step.attempts += 1;
      if (step.attempts > maxCodeAttempts) throw this.steps.end(callerKey);
      const { user, factor } = await this.current(callerKey, step.userId);
      let r;
      try {
        r = await this.lockout.guess(user, kind, ctx, (trx) =>
          this.tryFactor(trx, user, factor, kind, code, ctx),
        );
      } catch (e) {
        this.steps.drop(callerKey); // locked: nothing more to try in this window
        throw e;
      }
      if (r.ok) {
        step.factorPassed = true;
        return null;
      }
      if (r.locked) {
        this.steps.drop(callerKey);
        throw r.locked;
      }
      if (step.attempts >= maxCodeAttempts) throw this.steps.end(callerKey);
      const error = codeError(r.reason as CodeFailure);
      throw new AppError(error.code, error.message, {
        reason: r.reason,
        attemptsLeft: maxCodeAttempts - step.attempts,
      });
    });
  }

  /** Sets the new password once every step passed; the code is used up in the same transaction. */
  async complete(callerKey: string, newPassword: string, client: ClientInfo): Promise<null> {
    const step = this.steps.live(callerKey, this.work.clock.now().getTime());
    if (!step.factorPassed)
      throw new AppError(
        'two_factor_required',
        'Confirm with your second factor (or a backup code) before you set the new password.',
        { rule: 'reset_second_factor_first' },
      );
    const user = await this.users.findById(step.userId);
    // 2FA switched on after the code was accepted: start again, so the factor is asked for.
    if (!user || !eligible(user) || (step.factor === null && (await this.factorOf(user))))
      throw this.steps.end(callerKey);
    const done = await this.setter.set(user, newPassword, client, (trx, now) =>
      this.resets.use(step.resetId, now, trx),
    );
    this.steps.drop(callerKey);
    if (!done) throw this.steps.end(callerKey);
    return null;
  }

  cancel(callerKey: string): null {
    this.steps.drop(callerKey);
    return null;
  }

  private factorOf(user: UserRow): Promise<TwoFactorRow | undefined> {
    return user.two_factor_method ? this.twoFactor.find(user.id) : Promise.resolve(undefined);
  }

  /** The step's account and its second factor, fresh; ends the step if either is gone or blocked. */
  private async current(callerKey: string, userId: number): Promise<{ user: UserRow; factor: TwoFactorRow }> {
    const user = await this.users.findById(userId);
    const factor = user?.two_factor_method ? await this.twoFactor.find(userId) : undefined;
    if (!user || !factor || !eligible(user)) throw this.steps.end(callerKey);
    return { user, factor };
  }

  private async tryFactor(
    trx: Db,
    user: UserRow,
    factor: TwoFactorRow,
    kind: 'code' | 'backup',
    code: string,
    ctx: { client: ClientInfo; location: string | null },
  ): Promise<Checked<null>> {
    if (kind === 'code') {
      const r = await this.check.current(trx, factor, code, 'reset_password');
      return r.ok ? { ok: true, value: null } : r;
    }
    const r = await this.check.backup(trx, user.id, code);
    if (!r.ok) return r;
    await this.work.audit.record(
      trx,
      {
        code: 'user.2fa:backup_code_used',
        at: this.work.clock.now(),
        actor: user,
        subject: user,
        client: ctx.client,
        details: { remaining: r.remaining, during: 'password_reset' },
      },
      ctx.location,
    );
    return { ok: true, value: null };
  }
}

/**
 * Only an active account can finish a reset. The "can change password" right is checked when a
 * person asks for a code (none is sent without it); a code support sent works regardless.
 */
function eligible(user: UserRow): boolean {
  return user.status === 'active';
}
