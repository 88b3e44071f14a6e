import type { Generated } from 'kysely';

/** Tables of migration 006 (administration). */

/** One row per user and calendar day a blocking notice was queued: never twice a day. */
export interface BlockingNoticesTable {
  user_id: number;
  /** YYYY-MM-DD (UTC). */
  day: string;
  sent_at: string;
}

/** One-time password reset codes: only the sha256 hash is stored. */
export interface PasswordResetsTable {
  id: Generated<number>;
  user_id: number;
  code_hash: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
  attempts: Generated<number>;
}

/** Word-start search keys of users (see migration 006). */
export interface UserTermsTable {
  term: string;
  user_id: number;
}
