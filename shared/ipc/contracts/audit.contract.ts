import { z } from 'zod';
import type { AuditEventView, AuditPage, AuditTimeline } from '../../domain/audit';
import { AUDIT_GROUPS } from '../../domain/audit-catalog';
import { backgroundFlag, channel } from '../channel';
import * as s from '../schemas';

/** Filters shared by the live log, its export and the offline review. */
export const auditFilter = z.strictObject({
  user: z.string().trim().max(64).optional(),
  code: z.string().trim().max(64).optional(),
  group: z.enum(AUDIT_GROUPS).optional(),
  from: s.isoDate.optional(),
  to: s.isoDate.optional(),
  ip: z.string().trim().max(64).optional(),
  text: z.string().trim().max(200).optional(),
});

/** A keyset page request: `before` pages back, `after` fetches newer rows (live arrival). */
export const auditPageRequest = {
  filter: auditFilter.default({}),
  before: z.number().int().positive().optional(),
  after: z.number().int().min(0).optional(),
  pageSize: z.number().int().min(1).max(500).default(50),
  withCount: z.boolean().optional(),
};

/** A running or finished export (polled for the progress bar). */
export interface ExportJobView {
  id: string;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  events: number;
  fraction: number;
  path: string;
  error: string | null;
}

/** The audit log (docs/product.md F7). */
export const auditContract = {
  /** Everyone's events (auditors, admins, owner); the live view's polling says `background`. */
  'audit:list': channel<AuditPage>()({
    access: 'audit:read',
    activity: 'per-call',
    input: z.strictObject({ ...auditPageRequest, ...backgroundFlag }),
  }),
  /** The caller's own events (actor or subject), for every signed-in user. */
  'audit:mine': channel<AuditPage>()({
    access: 'self',
    activity: 'per-call',
    input: z.strictObject({ ...auditPageRequest, ...backgroundFlag }),
  }),
  'audit:timeline': channel<AuditTimeline>()({
    access: 'audit:read',
    input: z.strictObject({ filter: auditFilter }),
  }),
  'audit:mineTimeline': channel<AuditTimeline>()({
    access: 'self',
    input: z.strictObject({ filter: auditFilter }),
  }),
  /** Asks where to save, then starts the export; null when the person cancelled the dialog. */
  'audit:export': channel<ExportJobView | null>()({
    access: 'audit:export',
    input: z.strictObject({
      filter: auditFilter,
      format: z.enum(['jsonl', 'csv']),
      bom: z.boolean().default(false),
    }),
  }),
  /** Polled by the progress bar: not activity. */
  'audit:exportStatus': channel<ExportJobView>()({
    access: 'audit:export',
    activity: 'background',
    input: z.strictObject({ id: z.string().regex(/^[0-9a-f]{32}$/) }),
  }),
  'audit:exportCancel': channel<{ cancelled: boolean }>()({
    access: 'audit:export',
    input: z.strictObject({ id: z.string().regex(/^[0-9a-f]{32}$/) }),
  }),
  /** The export signing key's fingerprint (null before the first export), for pinning. */
  'audit:signingKey': channel<{ fingerprint: string; publicKey: string } | null>()({
    access: 'audit:read',
    input: s.empty,
  }),
} as const;

export type { AuditEventView };
