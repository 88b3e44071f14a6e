import { AppError } from '../../../shared/result';

/**
 * Failure counters for logins that match no user, so they lock like real ones (same count, same
 * minutes, same answer). Kept in memory, at most `max` logins (the oldest is forgotten first).
 */
export class UnknownLoginThrottle {
  private readonly entries = new Map<string, { failures: number; lockedUntil: number }>();
  constructor(private readonly max = 10_000) {}

  /** Counts one failure at `now` (ms); locks for `minutes` at the `maxAttempts`-th. */
  fail(
    login: string,
    now: number,
    maxAttempts: number,
    minutes: number,
  ): { lockedNow: boolean; lockedUntil: number } {
    const key = login.toLowerCase();
    const entry = this.entries.get(key) ?? { failures: 0, lockedUntil: 0 };
    if (entry.lockedUntil > now) return { lockedNow: true, lockedUntil: entry.lockedUntil };
    const failures = entry.failures + 1;
    const lockedUntil = failures >= maxAttempts ? now + minutes * 60_000 : entry.lockedUntil;
    this.remember(key, failures >= maxAttempts ? { failures: 0, lockedUntil } : { failures, lockedUntil });
    return { lockedNow: false, lockedUntil };
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
export function lockedError(until: Date, now: Date): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError(
    'account_locked',
    `Too many wrong passwords. This account is locked for ${String(minutes)} more minute(s).`,
    { minutes, until: until.toISOString() },
  );
}
