import type { AppError } from '../../../../shared/result';
import type { ClientInfo } from '../context';

/** Where a guess was made: the audit's `step` (sign-in steps and own-page step-ups). */
export type GuessStep =
  'password' | 'code' | 'backup' | 'change_password' | 'disable_2fa' | 'regenerate_backup_codes';

/** Who guessed, from where (for the audit). */
export interface GuessContext {
  client: ClientInfo;
  location: string | null;
}

/** A checked answer: right (with its value) or wrong (with the audit's reason). */
export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A wrong answer's facts; `locked` is the error to throw when this very try locked the account. */
export interface Wrong {
  ok: false;
  reason: string;
  locked: AppError | null;
}
