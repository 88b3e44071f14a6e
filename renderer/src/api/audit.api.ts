import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

/** Query of `audit:list` / `audit:mine` / `review:list`. */
export type AuditQuery = ChannelInput<'audit:list'>;
/** Filters shared by the log, its export and the offline review. */
export type AuditFilterInput = NonNullable<AuditQuery['filter']>;

/** The live audit log and its signed exports. */
export const auditApi = {
  /** One keyset page of everyone's events, newest first, filtered in main. */
  list: (query: AuditQuery) => call((api) => api.audit.list(query)),
  /** One keyset page of the caller's own events. */
  mine: (query: AuditQuery) => call((api) => api.audit.mine(query)),
  /** `list` for the live view's timer: not activity, so an idle window still times out. */
  listInBackground: (query: AuditQuery) => call((api) => api.audit.list({ ...query, background: true })),
  /** `mine` for the live view's timer. */
  mineInBackground: (query: AuditQuery) => call((api) => api.audit.mine({ ...query, background: true })),
  timeline: (filter: AuditFilterInput) => call((api) => api.audit.timeline({ filter })),
  mineTimeline: (filter: AuditFilterInput) => call((api) => api.audit.mineTimeline({ filter })),
  /** Asks main for a save path and starts the export (null when the dialog was cancelled). */
  startExport: (filter: AuditFilterInput, format: 'jsonl' | 'csv', bom: boolean) =>
    call((api) => api.audit.export({ filter, format, bom })),
  exportStatus: (id: string) => call((api) => api.audit.exportStatus({ id })),
  cancelExport: (id: string) => call((api) => api.audit.exportCancel({ id })),
  /** The directory's signing identity and key history (null before the first key). */
  signingKey: () => call((api) => api.audit.signingKey()),
  /** Owner: names the organisation exports and the public key file carry. */
  setOrganisation: (name: string) => call((api) => api.audit.setOrganisation({ name })),
  /** Owner: a new key signs from now on; `confirm` is the current key's fingerprint as shown. */
  rotateSigningKey: (confirm: string) => call((api) => api.audit.rotateSigningKey({ confirm })),
  /** Owner: marks a key compromised; `confirm` is the current key's fingerprint as shown. */
  revokeSigningKey: (fingerprint: string, confirm: string) =>
    call((api) => api.audit.revokeSigningKey({ fingerprint, confirm })),
  /** Asks main for a path and writes the public key file (null when the dialog was cancelled). */
  savePublicKeyFile: () => call((api) => api.audit.savePublicKeyFile()),
};
