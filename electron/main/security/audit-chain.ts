import { hash } from 'node:crypto';

/** The hash a chain starts from. */
export const GENESIS_HASH = '0'.repeat(64);

/** The fields an audit row's hash covers, in a fixed order. */
export interface ChainedFields {
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
  details: string;
}

/** Canonical form: a JSON array in a fixed order, so key order can never change a hash. */
export function canonicalAuditRow(prevHash: string, f: ChainedFields): string {
  return JSON.stringify([
    prevHash,
    f.at,
    f.code,
    f.message,
    f.actor_id,
    f.actor_name,
    f.subject_id,
    f.subject_name,
    f.ip,
    f.session_hash,
    f.location,
    f.device_type,
    f.browser,
    f.os,
    f.details,
  ]);
}

/** SHA-256 of the previous hash and this row's canonical form. */
export function chainHash(prevHash: string, fields: ChainedFields): string {
  return hash('sha256', canonicalAuditRow(prevHash, fields), 'hex');
}
