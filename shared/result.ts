/** Every answer that crosses IPC is a Result: never a thrown error. */

/** The closed set of error codes the UI can translate (renderer/src/i18n). */
export const ERROR_CODES = [
  'invalid_input',
  'unknown_channel',
  'forbidden_sender',
  'not_signed_in',
  'session_expired',
  'session_revoked',
  'permission_denied',
  'invalid_credentials',
  'account_locked',
  'account_blocked',
  'password_change_required',
  'password_policy',
  'two_factor_required',
  'setup_already_done',
  'conflict',
  'not_found',
  'keychain_unavailable',
  'provider_unavailable',
  'invalid_code',
  'challenge_ended',
  'retry_later',
  'setup_required',
  'internal',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

export interface Ok<T> {
  ok: true;
  value: T;
}

export interface Err {
  ok: false;
  code: ErrorCode;
  /** English fallback text for logs and the CLI; the UI translates `code`. */
  message: string;
  /** Optional structured facts for the message, e.g. minutes left in a lockout. */
  details?: Record<string, string | number | boolean>;
}

export type Result<T> = Ok<T> | Err;

/** Builds a success Result. */
export function ok<T>(value: T): Ok<T> {
  return { ok: true, value };
}

/** Builds a failure Result. */
export function err(code: ErrorCode, message: string, details?: Err['details']): Err {
  return details ? { ok: false, code, message, details } : { ok: false, code, message };
}

/** A failure that services throw and the IPC pipeline turns into an Err. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: Err['details'],
  ) {
    super(message);
    this.name = 'AppError';
  }
}
