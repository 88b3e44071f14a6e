/** One audit event row as the renderer sees it. */
export interface AuditEventView {
  id: number;
  at: string;
  code: string;
  message: string;
  actorId: number | null;
  actorName: string | null;
  subjectId: number | null;
  subjectName: string | null;
  ip: string | null;
  sessionHash: string | null;
  location: string | null;
  deviceType: string | null;
  browser: string | null;
  os: string | null;
  details: Record<string, unknown>;
}

/** Filters of the audit log, the export and the offline review (all optional, AND-ed). */
export interface AuditFilter {
  /** Username (actor or subject), case-insensitive exact match. */
  user?: string | undefined;
  /** User id (actor or subject); the live log's self scope uses this. */
  userId?: number | undefined;
  code?: string | undefined;
  group?: string | undefined;
  /** ISO instants; `from` inclusive, `to` exclusive. */
  from?: string | undefined;
  to?: string | undefined;
  ip?: string | undefined;
  /** Free text in the message, code, names, location or details. */
  text?: string | undefined;
}

/** One keyset page: newest first; pass `nextCursor` back as `before` for the next page. */
export interface AuditPage {
  items: AuditEventView[];
  nextCursor: number | null;
  /** Matching rows, counted up to `capped` (then "more than"); null when not asked for. */
  approxTotal: { count: number; capped: boolean } | null;
}

/** Sign-ins vs failures per time bucket, for the timeline chart. */
export interface AuditTimeline {
  bucket: 'hour' | 'day';
  points: { t: string; signIns: number; failures: number }[];
}

/** What verifying an export found. */
export type ExportVerdict =
  | { status: 'intact'; events: number; fingerprint: string; exportedAt: string; exportedBy: string }
  | { status: 'altered'; line: number; reason: string; fingerprint: string | null }
  | { status: 'not-an-export'; reason: string };
