import { AppError } from '../../../shared/result';

/** The answer while an account (or an unknown login) is locked. */
export function lockedError(until: Date, now: Date, what: 'passwords' | 'attempts' = 'passwords'): AppError {
  const minutes = Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000));
  return new AppError(
    'account_locked',
    `Too many wrong ${what}. This account is locked for ${String(minutes)} more minute(s). Try again later or ask an administrator to unlock it.`,
    { minutes, until: until.toISOString() },
  );
}
