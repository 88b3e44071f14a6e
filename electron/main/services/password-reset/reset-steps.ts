import { AppError } from '../../../../shared/result';
import type { TwoFactorMethod } from '../../../../shared/ipc/contracts/two-factor.contract';

/** Where one window stands in a password reset after its code was accepted. */
export interface ResetStep {
  userId: number;
  /** The reset code that was accepted; setting the password uses it up. */
  resetId: number;
  /** The code's own expiry: the step never outlives it. */
  expiresAt: number;
  /** The account's second factor when 2FA is on (null: none to pass). */
  factor: TwoFactorMethod | null;
  factorPassed: boolean;
  /** Second-factor tries made in this step (counted before each is looked at). */
  attempts: number;
}

/**
 * The steps of password resets in progress, held in main and bound to the calling window (like
 * the sign-in challenge): the renderer only ever holds the answers the person typed, never a
 * token that says "code accepted" or "second factor passed".
 */
export class ResetSteps {
  private readonly byCaller = new Map<string, ResetStep>();

  /** Starts (or restarts) the step of `callerKey`. */
  start(callerKey: string, step: Omit<ResetStep, 'attempts'>): void {
    this.byCaller.set(callerKey, { ...step, attempts: 0 });
  }

  /** The live step of `callerKey`; throws challenge_ended when there is none or it expired. */
  live(callerKey: string, nowMs: number): ResetStep {
    const step = this.byCaller.get(callerKey);
    if (!step || step.expiresAt <= nowMs) throw this.end(callerKey);
    return step;
  }

  /** Drops the step of `callerKey` (cancel, success). */
  drop(callerKey: string): void {
    this.byCaller.delete(callerKey);
  }

  /** Drops the step and gives the error that tells the person to start again. */
  end(callerKey: string): AppError {
    this.byCaller.delete(callerKey);
    return new AppError(
      'challenge_ended',
      'This password reset has ended (the code expired, was used, or had too many wrong tries). Ask for a new code.',
      { rule: 'reset_ended' },
    );
  }
}
