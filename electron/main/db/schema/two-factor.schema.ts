import type { Generated } from 'kysely';

/** Tables of migration 003 (two-factor authentication). */
export interface TwoFactorTables {
  two_factor: TwoFactorTable;
  backup_codes: BackupCodesTable;
  one_time_codes: OneTimeCodesTable;
}

export interface TwoFactorTable {
  user_id: number;
  method: 'totp' | 'email' | 'sms';
  /** FieldCipher ciphertext of the base32 TOTP secret; never plain. */
  totp_secret: string | null;
  /** E.164 number for the SMS method. */
  phone: string | null;
  last_totp_step: number | null;
  enabled_at: string;
}

export interface BackupCodesTable {
  id: Generated<number>;
  user_id: number;
  /** Keyed HMAC of the code; never plain. */
  code_hash: string;
  created_at: string;
  used_at: string | null;
}

export interface OneTimeCodesTable {
  id: Generated<number>;
  user_id: number;
  purpose: string;
  code_hash: string;
  channel: string;
  created_at: string;
  expires_at: string;
  attempts: Generated<number>;
  used_at: string | null;
}
