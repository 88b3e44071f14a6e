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
