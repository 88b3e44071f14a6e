import type { Generated } from 'kysely';

/** One queued email or SMS (migration 002). */
export interface OutboxTable {
  id: Generated<number>;
  created_at: string;
  updated_at: string;
  user_id: number | null;
  channel: 'email' | 'sms';
  recipient: string;
  template: string;
  /** Template data as JSON, with any one-time code replaced by a placeholder. */
  data: Generated<string>;
  subject: Generated<string>;
  body_text: string;
  body_html: string | null;
  /** The one-time code, sealed with the field cipher; null once delivered, failed or cancelled. */
  secret: string | null;
  /** For an SMS code: the email address the code goes to if the SMS cannot be sent. */
  fallback_email: string | null;
  /** The email row created when this SMS fell back to email. */
  fallback_id: number | null;
  status: Generated<OutboxStatus>;
  attempts: Generated<number>;
  max_attempts: number;
  next_attempt_at: string;
  last_error: string | null;
  sent_at: string | null;
}

export type OutboxStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'cancelled';
