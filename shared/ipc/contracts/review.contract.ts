import { z } from 'zod';
import type { AuditFilter, AuditPage, AuditTimeline, ExportVerdict, TrustedSigner } from '../../domain/audit';
import { channel } from '../channel';
import * as s from '../schemas';
import { auditFilter, auditPageRequest, fingerprintInput, organisationName } from './audit.contract';

/** A review that started loading in the background; poll `review:status` for progress and verdict. */
export interface ReviewOpened {
  id: string;
  fileName: string;
}

/** What the export's first line says about itself (unverified until the verdict arrives). */
export interface ReviewHeaderView {
  version: number;
  organisation: string | null;
  directoryId: string | null;
  fingerprint: string;
  filter: AuditFilter;
  exportedAt: string;
  exportedBy: string;
}

/** A review's progress: bytes and events so far, rows queryable now, and the verdict once known. */
export interface ReviewStatusView {
  id: string;
  fileName: string;
  state: 'loading' | 'done' | 'cancelled' | 'failed';
  bytes: number;
  totalBytes: number;
  /** Event lines verified so far. */
  events: number;
  /** Rows that can be browsed now (after a failure: only those before the failing line). */
  loaded: number;
  verdict: ExportVerdict | null;
  header: ReviewHeaderView | null;
  /** Why a review failed (the file could not be read), in words for people. */
  error: string | null;
}

/** A signer this OS user trusts (kept in the app's user-data folder, no database, no keychain). */
export type TrustedSignerView = TrustedSigner;

const reviewId = z.string().regex(/^[0-9a-f]{32}$/);
const byId = z.strictObject({ id: reviewId });

/** Offline review of exported audit logs: public, no directory and no sign-in needed. */
export const reviewContract = {
  /** Asks which file to open and starts verifying it in the background; null when cancelled. */
  'review:open': channel<ReviewOpened | null>()({ access: 'public', input: s.empty }),
  /** Opens the file the app was started with (argument or macOS open-file); null if none. */
  'review:openPending': channel<ReviewOpened | null>()({ access: 'public', input: s.empty }),
  /** Progress and verdict, polled while the banner shows "Verifying…". */
  'review:status': channel<ReviewStatusView>()({ access: 'public', activity: 'background', input: byId }),
  /** Stops a load; its temporary files are deleted at once. */
  'review:cancel': channel<null>()({ access: 'public', input: byId }),
  'review:list': channel<AuditPage>()({
    access: 'public',
    activity: 'per-call',
    input: z.strictObject({ id: reviewId, ...auditPageRequest, background: z.boolean().optional() }),
  }),
  'review:timeline': channel<AuditTimeline>()({
    access: 'public',
    input: z.strictObject({ id: reviewId, filter: auditFilter }),
  }),
  'review:close': channel<null>()({ access: 'public', input: byId }),
  /** The signers this OS user trusts. */
  'review:trustedSigners': channel<TrustedSignerView[]>()({ access: 'public', input: s.empty }),
  /** Trusts a signer by its full fingerprint (typed or pasted in full to confirm) under a name. */
  'review:trustSigner': channel<TrustedSignerView>()({
    access: 'public',
    input: z.strictObject({ fingerprint: fingerprintInput, organisation: organisationName }),
  }),
  /** Asks for a public signing key file (.json, saved by a directory owner) and trusts it. */
  'review:importSignerFile': channel<TrustedSignerView | null>()({ access: 'public', input: s.empty }),
  'review:removeTrustedSigner': channel<null>()({
    access: 'public',
    input: z.strictObject({ fingerprint: fingerprintInput }),
  }),
} as const;
