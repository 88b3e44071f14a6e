import type { AuditFilterInput, AuditQuery } from './audit.api';
import { call } from './client';

/** Offline review of an export file and the trusted signers (no sign-in, no directory). */
export const reviewApi = {
  /** Asks main which file to open and starts verifying it (null when the dialog was cancelled). */
  open: () => call((api) => api.review.open()),
  /** The file the app was started with (null when there is none). */
  openPending: () => call((api) => api.review.openPending()),
  /** Progress and verdict; a background poll, not activity. */
  status: (id: string) => call((api) => api.review.status({ id })),
  cancel: (id: string) => call((api) => api.review.cancel({ id })),
  list: (id: string, query: AuditQuery) => call((api) => api.review.list({ id, ...query })),
  /** Rows that arrived since `after` while the file loads (a background poll). */
  listInBackground: (id: string, query: AuditQuery) =>
    call((api) => api.review.list({ id, ...query, background: true })),
  timeline: (id: string, filter: AuditFilterInput) => call((api) => api.review.timeline({ id, filter })),
  close: (id: string) => call((api) => api.review.close({ id })),
  trustedSigners: () => call((api) => api.review.trustedSigners()),
  /** Trusts a full fingerprint under the organisation name the person typed. */
  trustSigner: (fingerprint: string, organisation: string) =>
    call((api) => api.review.trustSigner({ fingerprint, organisation })),
  /** Asks main for a public signing key file and trusts it (null when cancelled). */
  importSignerFile: () => call((api) => api.review.importSignerFile()),
  removeTrustedSigner: (fingerprint: string) =>
    call((api) => api.review.removeTrustedSigner({ fingerprint })),
};
