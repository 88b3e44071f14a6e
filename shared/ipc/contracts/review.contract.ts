import { z } from 'zod';
import type { AuditPage, AuditTimeline, ExportVerdict, AuditFilter } from '../../domain/audit';
import { channel } from '../channel';
import * as s from '../schemas';
import { auditFilter, auditPageRequest } from './audit.contract';

/** An opened export file. */
export interface ReviewView {
  id: string;
  fileName: string;
  verdict: ExportVerdict;
  loaded: number;
  exportedFilter: AuditFilter | null;
}

const reviewId = z.string().regex(/^[0-9a-f]{32}$/);

/** Offline review of exported audit logs: public, no directory and no sign-in needed. */
export const reviewContract = {
  /** Asks which file to open, verifies it and loads it; null when the dialog was cancelled. */
  'review:open': channel<ReviewView | null>()({ access: 'public', input: s.empty }),
  'review:list': channel<AuditPage>()({
    access: 'public',
    input: z.strictObject({ id: reviewId, ...auditPageRequest }),
  }),
  'review:timeline': channel<AuditTimeline>()({
    access: 'public',
    input: z.strictObject({ id: reviewId, filter: auditFilter }),
  }),
  'review:close': channel<null>()({ access: 'public', input: z.strictObject({ id: reviewId }) }),
} as const;
