import type { Db } from '../../db/connection';
import type { AuditRepository, AuditRow } from '../../db/repositories/audit.repository';
import type { AuditEventView, AuditFilter, AuditPage, AuditTimeline } from '../../../../shared/domain/audit';
import type { GeoLookup } from '../../adapters/geo';
import { describeUserAgent } from '../../adapters/user-agent';
import { renderAuditMessage, type AuditCode } from '../../../../shared/domain/audit-catalog';
import { sessionHash } from '../../security/ids';
import { toAuditView } from '../views';
import type { ClientInfo } from '../context';
import { normaliseFilter } from '../../db/audit-filter.sql';
import type { AuditCheckpoints } from './checkpoints';

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
  private cp: AuditCheckpoints | null = null;

  constructor(
    private readonly repo: AuditRepository,
    private readonly geo: GeoLookup,
  ) {}

  /** Signs a checkpoint every N events from now on (wired once by the container). */
  useCheckpoints(checkpoints: AuditCheckpoints): void {
    this.cp = checkpoints;
  }

  /** The checkpoint service, once wired. */
  get checkpoints(): AuditCheckpoints | null {
    return this.cp;
  }

  /** Place name for the client, computed before a transaction opens (lookups may load a database). */
  async locate(client: ClientInfo | null | undefined): Promise<string | null> {
    return client ? this.geo.locate(client.ip) : null;
  }

  async record(db: Db, e: AuditInput, location: string | null): Promise<AuditRow> {
    const details = e.details ?? {};
    const device = e.client ? describeUserAgent(e.client.userAgent) : null;
    const row = await this.repo.append(
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
    if (this.cp) {
      if (e.code === 'audit:signing_key_rotated') this.cp.forgetSigner();
      await this.cp.afterAppend(db, row);
    }
    return row;
  }

  /** Swaps a user name for its id when the user exists (indexed), keeping the name otherwise. */
  async resolveFilter(f: AuditFilter): Promise<AuditFilter> {
    if (!f.user || f.userId !== undefined) return f;
    const id = await this.repo.userIdByName(f.user);
    return id === null ? f : { ...f, user: undefined, userId: id };
  }

  /** One keyset page of events, newest first; counts (capped) only when asked. */
  async page(q: AuditListQuery): Promise<AuditPage> {
    const filter = await this.resolveFilter(normaliseFilter(q.filter));
    const { rows, nextCursor } = await this.repo.page({ filter, before: q.before, pageSize: q.pageSize });
    return {
      items: rows.map(toAuditView),
      nextCursor,
      approxTotal: q.withCount ? await this.repo.countCapped(filter) : null,
    };
  }

  /** Events newer than `after` for live arrival (at most 200). */
  async newer(filter: AuditFilter, after: number): Promise<AuditEventView[]> {
    const rows = await this.repo.newerThan(await this.resolveFilter(normaliseFilter(filter)), after, 200);
    return rows.map(toAuditView);
  }

  /** Sign-ins vs failures over time for the filtered range. */
  async timeline(filter: AuditFilter): Promise<AuditTimeline> {
    return this.repo.timeline(await this.resolveFilter(normaliseFilter(filter)));
  }
}

/** A page request of the live log. */
export interface AuditListQuery {
  filter: AuditFilter;
  before?: number | undefined;
  pageSize: number;
  withCount?: boolean | undefined;
}
