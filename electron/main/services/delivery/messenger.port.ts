import type { Db } from '../../db/connection';

/**
 * How every other service sends mail and SMS: by queueing into the transactional outbox
 * inside the caller's own transaction (docs/product.md F8). Nothing is sent synchronously; the
 * delivery worker does that, with retries. Implemented in this folder (issue 8).
 */

/** Every message Portcullis sends, with the data its template needs. */
export interface TemplateData {
  /** A one-time code: sign-in, enabling 2FA, confirming an address or phone. */
  verification_code: { username: string; code: string; purpose: CodePurpose; minutes: number };
  password_changed: { username: string; at: string; ip: string; location: string };
  password_reset_code: { username: string; code: string; minutes: number };
  /** A reset was asked for an account without the "can change password" right: no code, who to ask. */
  password_reset_not_allowed: { username: string };
  two_factor_enabled: { username: string; method: string };
  two_factor_disabled: { username: string };
  two_factor_disabled_by_admin: { username: string; operator: string; reason: string };
  backup_codes_regenerated: { username: string };
  email_change_code: { username: string; code: string; minutes: number };
  email_changed_notice: { username: string; newEmail: string };
  /** To the old address when an operator changed it (newEmail is masked: the old box may be lost). */
  email_changed_by_operator: { username: string; newEmail: string; operator: string };
  blocking_notice: { username: string; blockingDate: string; daysLeft: number };
  test_email: { operator: string };
}
export type TemplateName = keyof TemplateData;

export type CodePurpose =
  | 'sign_in'
  | 'enable_2fa'
  | 'regenerate_backup_codes'
  | 'disable_2fa'
  | 'verify_email'
  | 'verify_phone'
  | 'reset_password';

export interface EmailRequest<T extends TemplateName = TemplateName> {
  userId: number | null;
  to: string;
  template: T;
  data: TemplateData[T];
}

/** Why an SMS went to email instead (docs/product.md source page S0). */
export type SmsFallbackReason =
  'service_off' | 'no_messages_left' | 'no_right' | 'gateway_error' | 'no_phone';

export interface CodeRequest {
  user: { id: number; username: string; email: string; canSendSms: boolean };
  /** Where the user wants it; SMS falls back to email when it cannot be sent. */
  via: 'email' | 'sms';
  /** E.164 phone number when via is 'sms'. */
  phone?: string | null;
  code: string;
  purpose: CodePurpose;
  minutes: number;
  /**
   * False: an SMS that cannot go out is refused instead of emailed (now or after gateway
   * retries), e.g. the second factor of a password reset that itself came by email.
   */
  emailFallback?: boolean;
}

/** Where a code actually went, for the on-screen notice ("we emailed the code to a***@example.com"). */
export interface CodeDelivery {
  channel: 'email' | 'sms';
  maskedTo: string;
  fallbackReason?: SmsFallbackReason;
  /** The outbox row, for `Messenger.codeDelivery` (an SMS may still fall back after gateway retries). */
  messageId?: number;
}

export interface Messenger {
  /** Queues an email in `trx` (the change that causes it commits with it, or neither does). */
  queueEmail<T extends TemplateName>(trx: Db, request: EmailRequest<T>): Promise<void>;
  /** Queues a one-time code by SMS or email in `trx`, applying the SMS-to-email fallback. */
  queueCode(trx: Db, request: CodeRequest): Promise<CodeDelivery>;
  /**
   * Where a queued code stands now: an SMS that failed at the gateway after its retries reports
   * the email fallback here, so the screen can say so. Undefined for an unknown id.
   */
  codeDelivery(messageId: number): Promise<CodeDelivery | undefined>;
}
