import type { Generated } from 'kysely';
import type { AuditAnchorTable } from './schema/audit.schema';
import type { AuditSigningKeysTable } from './schema/signing-key.schema';
import type { BlockingNoticesTable, PasswordResetsTable, UserTermsTable } from './schema/admin.schema';
import type { OutboxTable } from './schema/outbox.schema';
import type { BackupCodesTable, OneTimeCodesTable, TwoFactorTable } from './schema/two-factor.schema';
import type {
  ApiTokensTable,
  EmailChangesTable,
  LinkedTokensTable,
  RateLimitsTable,
  UnknownLoginsTable,
} from './schema/my-security.schema';

/** Kysely table types. Booleans are 0/1, dates are ISO-8601 UTC strings. */
export interface Database {
  meta: MetaTable;
  users: UsersTable;
  credentials: CredentialsTable;
  sessions: SessionsTable;
  audit_events: AuditEventsTable;
  audit_anchor: AuditAnchorTable;
  audit_signing_keys: AuditSigningKeysTable;
  settings: SettingsTable;
  blocking_notices: BlockingNoticesTable;
  password_resets: PasswordResetsTable;
  user_terms: UserTermsTable;
  outbox: OutboxTable;
  two_factor: TwoFactorTable;
  backup_codes: BackupCodesTable;
  one_time_codes: OneTimeCodesTable;
  api_tokens: ApiTokensTable;
  linked_tokens: LinkedTokensTable;
  email_changes: EmailChangesTable;
  rate_limits: RateLimitsTable;
  unknown_logins: UnknownLoginsTable;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface UsersTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  email: string;
  phone: string | null;
  role: string;
  can_change_password: Generated<number>;
  can_send_sms: Generated<number>;
  /** 'active' or 'blocked'; "locked" is derived from locked_until. */
  status: Generated<string>;
  blocking_date: string | null;
  notify_blocking: Generated<number>;
  failed_attempts: Generated<number>;
  locked_until: string | null;
  must_change_password: Generated<number>;
  two_factor_method: string | null;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
  /** 'en' | 'es' | 'ru' (migration 011); null = not chosen (console follows the OS, mail in English). */
  language: string | null;
}

export interface CredentialsTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  /** argon2id PHC string; never a plain secret. */
  hash: string;
  created_at: string;
}

export interface SessionsTable {
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ended_at: string | null;
  end_reason: string | null;
  ip: string;
  user_agent: string;
  device_type: string;
  browser: string;
  os: string;
  location: string;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: string;
  code: string;
  message: string;
  actor_id: number | null;
  actor_name: string | null;
  subject_id: number | null;
  subject_name: string | null;
  ip: string | null;
  session_hash: string | null;
  location: string | null;
  device_type: string | null;
  browser: string | null;
  os: string | null;
  details: Generated<string>;
  prev_hash: string;
  hash: string;
}

export interface SettingsTable {
  key: string;
  value: string;
  updated_at: string;
}
