import type { Generated } from 'kysely';

/** Migration 009: signed checkpoints of the live audit chain. */
export interface AuditCheckpointsTable {
  id: Generated<number>;
  last_event_id: number;
  head_hash: string;
  /** Events from genesis up to and including last_event_id (pruned ones included). */
  count: number;
  at: string;
  reason: string;
  fingerprint: string;
  signature: string;
}

/** Migration 009: one signed record per retention prune. */
export interface AuditRetentionRecordsTable {
  id: Generated<number>;
  first_kept_id: number;
  prev_hash: string;
  removed: number;
  at: string;
  fingerprint: string;
  signature: string;
}

/** The tables of migration 009, added to the database type with `$extendTables` where used. */
// A type alias, not an interface: Kysely's $extendTables needs an index-signature-compatible type.
// eslint-disable-next-line @typescript-eslint/consistent-type-definitions
export type CheckpointTables = {
  audit_checkpoints: AuditCheckpointsTable;
  audit_retention_records: AuditRetentionRecordsTable;
};
