import type { Db } from '../../db/connection';
import type { SessionRepository, SessionRow } from '../../db/repositories/session.repository';
import type { UserRepository, UserRow } from '../../db/repositories/user.repository';
import { flagPasswordOlderThan } from '../../db/repositories/password-age.sql';
import { settingOn } from '../../db/repositories/settings.repository';
import type { Clock } from '../../adapters/clock';
import { describeUserAgent } from '../../adapters/user-agent';
import { randomId } from '../../security/ids';
import type { SessionView } from '../../../../shared/domain/session';
import type { Page } from '../../../../shared/domain/user';
import { roleAtMost, type Role } from '../../../../shared/domain/roles';
import { AppError } from '../../../../shared/result';
import type { AuditService } from '../audit/audit.service';
import type { Actor, ClientInfo } from '../context';
import type { AuthSettings, SettingsService } from '../settings/settings.service';
import { toSessionView } from '../views';
import { PASSWORD_POLICY_KEY, passwordPolicySchema } from '../settings/password-policy';

/** Told after a session was ended by someone, so its window can go back to sign-in. */
export type SessionEndedListener = (sessionId: string, reason: 'revoked' | 'expired') => void;

export type ResolvedSession =
  | { status: 'active'; session: SessionRow; user: UserRow }
  | { status: 'ended'; reason: 'revoked' | 'expired' };

/** How stale `last_seen_at` may get before a request moves it (far below any idle limit). */
export const TOUCH_EVERY_MS = 15_000;

/** Sessions: start on sign-in, resolve on every call (idle and absolute limits), end. */
export class SessionService {
  private readonly listeners = new Set<SessionEndedListener>();

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
    await this.flagExpiredPassword(trx, user.id, now);
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

  /**
   * Password maximum age (policy): a session opened with an expired password must change it
   * before anything else (the pipeline enforces must_change_password). Uses `trx` only.
   */
  private async flagExpiredPassword(trx: Db, userId: number, now: Date): Promise<void> {
    const policy = passwordPolicySchema.safeParse((await settingOn(trx, PASSWORD_POLICY_KEY)) ?? {});
    const maxAgeDays = policy.success ? policy.data.maxAgeDays : 0;
    if (maxAgeDays > 0) await flagPasswordOlderThan(trx, userId, maxAgeDays, now);
  }

  /**
   * Checks a session is still alive and, for the person's own actions, touches it; ends it
   * when a limit has passed. A background call (a poll) is checked the same way but never
   * moves `last_seen_at`, so a window left on a refreshing page still reaches the idle limit.
   */
  async resolve(id: string, activity: 'user' | 'background' = 'user'): Promise<ResolvedSession> {
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
    // Moved at most every TOUCH_EVERY_MS: idle limits are whole minutes, and a write on every
    // request would cost each read a round trip (team server bench: 1 of 7 statements per call).
    if (activity === 'user' && now.getTime() - new Date(session.last_seen_at).getTime() >= TOUCH_EVERY_MS)
      await this.sessions.touch(id, now.toISOString());
    return { status: 'active', session, user };
  }

  /** The user's live sessions, newest activity first. */
  async listMine(user: { id: number; username: string }, currentId: string | null): Promise<SessionView[]> {
    const rows = await this.sessions.listActiveByUser(user.id, this.clock.now().toISOString());
    return rows.map((r) => toSessionView(r, user.username, currentId));
  }

  /** Subscribes to "a session was ended" (the IPC pipeline pushes it to the window). */
  onEnded(listener: SessionEndedListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Tells listeners, after the transaction that ended the sessions has committed. */
  notifyEnded(ids: readonly string[], reason: 'revoked' | 'expired' = 'revoked'): void {
    for (const id of ids) for (const l of this.listeners) l(id, reason);
  }

  /** One page of every user's live sessions, filtered by username part and IP prefix (administrators). */
  async listAll(
    filter: { user?: string | undefined; ip?: string | undefined; page?: number; pageSize?: number },
    currentId: string | null,
  ): Promise<Page<SessionView>> {
    const page = filter.page ?? 1;
    const pageSize = filter.pageSize ?? 50;
    const r = await this.sessions.listActive(this.clock.now().toISOString(), filter, { page, pageSize });
    return {
      items: r.rows.map((row) => toSessionView(row, row.username, currentId)),
      total: r.total,
      page,
      pageSize,
    };
  }

  /** Ends one session: the caller's own (not the current one), or anyone's for a manager. */
  async revoke(actor: Actor, sessionId: string, client: ClientInfo, scope: 'own' | 'any'): Promise<void> {
    const session = await this.sessions.findById(sessionId);
    const owner = session ? await this.users.findById(session.user_id) : undefined;
    const now = this.clock.now();
    if (!session || !owner || session.ended_at || session.expires_at <= now.toISOString())
      throw new AppError('not_found', 'That session has already ended.');
    if (scope === 'own' && owner.id !== actor.id)
      throw new AppError('not_found', 'That session has already ended.');
    if (session.id === actor.sessionId)
      throw new AppError('invalid_input', 'This is the session you are using. Sign out instead.', {
        rule: 'current_session',
      });
    if (scope === 'any' && !roleAtMost(owner.role as Role, actor.role))
      throw new AppError(
        'permission_denied',
        `Your role (${actor.role}) cannot end the sessions of someone whose role (${owner.role}) is above yours.`,
        { rule: 'above_role', targetRole: owner.role },
      );
    await this.endMany(actor, owner, [session], client, 'single');
  }

  /** Ends every live session of `user` except `keep` (the caller's own); returns how many. */
  async revokeAllExcept(
    actor: Actor,
    user: UserRow,
    keep: string | null,
    client: ClientInfo,
  ): Promise<number> {
    const rows = await this.sessions.listActiveByUser(user.id, this.clock.now().toISOString());
    return this.endMany(
      actor,
      user,
      rows.filter((r) => r.id !== keep),
      client,
      'all_others',
    );
  }

  /** Ends sessions inside the caller's transaction (password change); notify after commit. */
  async endOthersIn(trx: Db, user: UserRow, keep: string | null, reason: string): Promise<string[]> {
    const now = this.clock.now().toISOString();
    const rows = await this.sessions.listActiveByUser(user.id, now, trx);
    const ended: string[] = [];
    for (const r of rows)
      if (r.id !== keep && (await this.sessions.end(r.id, reason, now, trx))) ended.push(r.id);
    return ended;
  }

  private async endMany(
    actor: Actor,
    owner: UserRow,
    rows: SessionRow[],
    client: ClientInfo,
    mode: 'single' | 'all_others',
  ): Promise<number> {
    if (rows.length === 0) return 0;
    const location = await this.audit.locate(client);
    const now = this.clock.now();
    const ended = await this.db.transaction().execute(async (trx) => {
      const done: string[] = [];
      for (const r of rows)
        if (await this.sessions.end(r.id, 'revoked', now.toISOString(), trx)) done.push(r.id);
      if (done.length > 0)
        await this.audit.record(
          trx,
          {
            code: 'session:revoked',
            at: now,
            actor,
            subject: owner,
            client,
            sessionId: actor.sessionId,
            details: { mode, count: done.length, ips: [...new Set(rows.map((r) => r.ip))].join(', ') },
          },
          location,
        );
      return done;
    });
    this.notifyEnded(ended);
    return ended.length;
  }
}
