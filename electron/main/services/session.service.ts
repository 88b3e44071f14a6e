import type { Db } from '../db/connection';
import type { SessionRepository, SessionRow } from '../db/repositories/session.repository';
import type { UserRepository, UserRow } from '../db/repositories/user.repository';
import type { Clock } from '../adapters/clock';
import { describeUserAgent } from '../adapters/user-agent';
import { randomId } from '../security/ids';
import type { SessionView } from '../../../shared/domain/session';
import type { AuditService } from './audit.service';
import type { ClientInfo } from './context';
import type { AuthSettings, SettingsService } from './settings.service';
import { toSessionView } from './views';

export type ResolvedSession =
  | { status: 'active'; session: SessionRow; user: UserRow }
  | { status: 'ended'; reason: 'revoked' | 'expired' };

/** Sessions: start on sign-in, resolve on every call (idle and absolute limits), end. */
export class SessionService {
  constructor(
    private readonly db: Db,
    private readonly sessions: SessionRepository,
    private readonly users: UserRepository,
    private readonly settings: SettingsService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Creates a session row inside the caller's transaction (settings read before it opened). */
  async start(
    trx: Db,
    user: UserRow,
    client: ClientInfo,
    location: string | null,
    { sessionLifetimeHours }: AuthSettings,
  ): Promise<SessionRow> {
    const now = this.clock.now();
    const device = describeUserAgent(client.userAgent);
    return this.sessions.insert(
      {
        id: randomId(),
        user_id: user.id,
        created_at: now.toISOString(),
        last_seen_at: now.toISOString(),
        expires_at: new Date(now.getTime() + sessionLifetimeHours * 3_600_000).toISOString(),
        ip: client.ip,
        user_agent: client.userAgent.slice(0, 512),
        device_type: device.deviceType,
        browser: device.browser,
        os: device.os,
        location: location ?? 'Unknown',
      },
      trx,
    );
  }

  /** Checks a session is still alive and touches it; ends it when a limit has passed. */
  async resolve(id: string): Promise<ResolvedSession> {
    const session = await this.sessions.findById(id);
    if (!session) return { status: 'ended', reason: 'revoked' };
    if (session.ended_at)
      return { status: 'ended', reason: session.end_reason === 'expired' ? 'expired' : 'revoked' };
    const now = this.clock.now();
    const { sessionIdleMinutes } = await this.settings.auth();
    const idleLimit = new Date(session.last_seen_at).getTime() + sessionIdleMinutes * 60_000;
    const user = await this.users.findById(session.user_id);
    if (!user || user.status === 'blocked') {
      await this.sessions.end(id, 'revoked', now.toISOString());
      return { status: 'ended', reason: 'revoked' };
    }
    if (now.toISOString() >= session.expires_at || now.getTime() >= idleLimit) {
      const reason = now.toISOString() >= session.expires_at ? 'lifetime' : 'idle';
      await this.db.transaction().execute(async (trx) => {
        if (await this.sessions.end(id, 'expired', now.toISOString(), trx))
          await this.audit.record(
            trx,
            { code: 'session:expired', at: now, subject: user, sessionId: id, details: { reason } },
            session.location,
          );
      });
      return { status: 'ended', reason: 'expired' };
    }
    await this.sessions.touch(id, now.toISOString());
    return { status: 'active', session, user };
  }

  /** The user's live sessions, newest activity first. */
  async listMine(user: { id: number; username: string }, currentId: string | null): Promise<SessionView[]> {
    const rows = await this.sessions.listActiveByUser(user.id, this.clock.now().toISOString());
    return rows.map((r) => toSessionView(r, user.username, currentId));
  }
}
