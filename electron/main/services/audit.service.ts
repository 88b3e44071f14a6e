import type { Db } from '../db/connection';
import type { AuditQuery, AuditRepository, AuditRow } from '../db/repositories/audit.repository';
import type { AuditEventView } from '../../../shared/domain/audit';
import type { Page } from '../../../shared/domain/user';
import type { GeoLookup } from '../adapters/geo';
import { describeUserAgent } from '../adapters/user-agent';
import { renderAuditMessage, type AuditCode } from '../../../shared/domain/audit-catalog';
import { sessionHash } from '../security/ids';
import { toAuditView } from './views';
import type { ClientInfo } from './context';

export interface AuditInput {
  code: AuditCode;
  at: Date;
  actor?: { id: number; username: string } | null;
  subject?: { id: number; username: string } | null;
  client?: ClientInfo | null;
  sessionId?: string | null;
  details?: Record<string, unknown>;
}

/** Writes audit events, always inside the caller's transaction. */
export class AuditService {
  constructor(
    private readonly repo: AuditRepository,
    private readonly geo: GeoLookup,
  ) {}

  /** Place name for the client, computed before a transaction opens (lookups may load a database). */
  async locate(client: ClientInfo | null | undefined): Promise<string | null> {
    return client ? this.geo.locate(client.ip) : null;
  }

  async record(db: Db, e: AuditInput, location: string | null): Promise<AuditRow> {
    const details = e.details ?? {};
    const device = e.client ? describeUserAgent(e.client.userAgent) : null;
    return this.repo.append(
      {
        at: e.at.toISOString(),
        code: e.code,
        message: renderAuditMessage(
          e.code,
          { actor: e.actor?.username, subject: e.subject?.username },
          details,
        ),
        actor_id: e.actor?.id ?? null,
        actor_name: e.actor?.username ?? null,
        subject_id: e.subject?.id ?? null,
        subject_name: e.subject?.username ?? null,
        ip: e.client?.ip ?? null,
        session_hash: e.sessionId ? sessionHash(e.sessionId) : null,
        location,
        device_type: device?.deviceType ?? null,
        browser: device?.browser ?? null,
        os: device?.os ?? null,
        details: JSON.stringify(details),
      },
      db,
    );
  }

  /** One page of events, newest first. */
  async list(q: AuditQuery): Promise<Page<AuditEventView>> {
    const { rows, total } = await this.repo.list(q);
    return { items: rows.map(toAuditView), total, page: q.page, pageSize: q.pageSize };
  }
}
