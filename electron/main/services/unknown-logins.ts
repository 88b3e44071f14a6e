import { AppError } from '../../../shared/result';

/**
 * Failure counters for logins that match no user, so they lock like real ones (same count, same
 * minutes, same answer). Kept in memory, at most `max` logins (the oldest is forgotten first).
 */
export class UnknownLoginThrottle {
  private readonly entries = new Map<string, { failures: number; lockedUntil: number }>();
  constructor(private readonly max = 10_000) {}

  /**
   * Takes one try at `now` (ms), like a real account's counter: refused while locked; the
   * `maxAttempts`-th try locks for `minutes`; an expired lock starts the count again. Synchronous,
   * so the check and the count cannot be split by another call.
   */
  take(
    login: string,
    now: number,
    maxAttempts: number,
    minutes: number,
  ): { refused: boolean; lockedUntil: number } {
    const key = login.toLowerCase();
    const entry = this.entries.get(key) ?? { failures: 0, lockedUntil: 0 };
    if (entry.lockedUntil > now) return { refused: true, lockedUntil: entry.lockedUntil };
    const failures = entry.lockedUntil > 0 ? 1 : entry.failures + 1;
    const lockedUntil = failures >= maxAttempts ? now + minutes * 60_000 : 0;
    this.remember(key, { failures, lockedUntil });
    return { refused: false, lockedUntil };
  }

  private remember(key: string, value: { failures: number; lockedUntil: number }): void {
    this.entries.delete(key);
    if (this.entries.size >= this.max) {
      const oldest = this.entries.keys().next();
      if (!oldest.done) this.entries.delete(oldest.value);
    }
    this.entries.set(key, value);
  }
}

/** The answer while an account (or an unknown login) is locked. */
export function lockedError(until: Date, now: Date, what: 'passwords' | 'attempts' = 'passwords'): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError(
    'account_locked',
    `Too many wrong ${what}. This account is locked for ${String(minutes)} more minute(s). Try again later or ask an administrator to unlock it.`,
    { minutes, until: until.toISOString() },
  );
}
