/** One key of the directory's export-signing key history (migration 008). */
export interface AuditSigningKeysTable {
  fingerprint: string;
  /** Position in the history, 1 for the directory's first key. */
  seq: number;
  public_key: string;
  created_at: string;
  previous: string | null;
  endorsement: string | null;
  revoked_at: string | null;
  revocation: string | null;
}
