import type { Generated } from 'kysely';

/** API tokens: only the SHA-256 of the secret is kept, plus a short hint for people. */
export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  name: string;
  role: string;
  token_hash: string;
  hint: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  revoked_by: number | null;
}

/** The linked service (flespi) token of a user, sealed with the field cipher. */
export interface LinkedTokensTable {
  user_id: number;
  region: string;
  token_sealed: string;
  expires_at: string | null;
  source: string;
  updated_at: string;
}

/** A pending change of email address, confirmed with a code sent to the new address. */
export interface EmailChangesTable {
  user_id: number;
  new_email: string;
  code_hash: string;
  attempts: Generated<number>;
  expires_at: string;
  created_at: string;
}

/** A fixed-window counter (migration 007): `count` events since `window_start` for `key`. */
export interface RateLimitsTable {
  key: string;
  window_start: string;
  count: number;
}

/** Wrong-password count and lock of a login that matches no account (migration 007). */
export interface UnknownLoginsTable {
  /** Keyed hash of the case-folded login; never the typed text. */
  key: string;
  failed_attempts: number;
  locked_until: string | null;
  updated_at: string;
}
