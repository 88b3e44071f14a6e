import type { z } from 'zod';
import { isBackgroundCall } from '../../../shared/ipc/channel';
import { contract, type ChannelName, type Contract } from '../../../shared/ipc/contract';
import type { PushEvents } from '../../../shared/ipc/events';
import { AppError, err, ok, type Err, type Result } from '../../../shared/result';
import { roleCan, type Role } from '../../../shared/domain/roles';
import type { Logger } from '../adapters/logger';
import type { UserRow } from '../db/repositories/user.repository';
import type { SessionService } from '../services/sessions/session.service';
import type { ClientInfo } from '../services/context';
import type { CallContext, Handler, HandlerMap, Push } from './handler';
import { tokenMayCall, tokenSession, type Principal, type RemoteCaller } from './remote-caller';
import { issueDetails } from './issue-details';

export type { Principal, RemoteCaller } from './remote-caller';

/** Who is calling: the window (or test page), its frame and its client facts. */
export interface Caller {
  /** Stable id of the calling window: Electron's webContents id, or a test page's id. */
  key: string;
  frameUrl: string;
  isMainFrame: boolean;
  client: ClientInfo;
  /** Sends a push event to this caller's window. */
  push: Push;
}

/** A channel's definition as the pipeline reads it. */
type ChannelDefOf = Contract[ChannelName];

/** The identity a call runs as, or the refusal that ends it. */
type Resolved =
  { session: NonNullable<CallContext['session']>; user: UserRow; actor: CallContext['actor'] } | null | Err;

function describeIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request is not valid.';
  const path = issue.path.map(String).join('.');
  return path ? `${path}: ${issue.message}` : issue.message;
}

/**
 * The one pipeline every IPC call runs through: sender check -> channel -> schema parse ->
 * session -> permission -> handler -> Result. Plain Node: register.ts feeds it from ipcMain,
 * the browser e2e harness from a Playwright binding, so both exercise the same code.
 */
export class IpcPipeline {
  private readonly bindings = new Map<string, { sessionId: string; push: Push }>();

  constructor(
    private readonly handlers: HandlerMap,
    /** Resolves a bound window's session (the directory's SessionService, opened on first need). */
    private readonly sessions: Pick<SessionService, 'resolve'>,
    private readonly isTrustedUrl: (url: string) => boolean,
    private readonly logger: Logger,
    /** Settings may require 2FA for a role: until it is set up, only own-page channels work. */
    private readonly twoFactorSetupRequired: (user: UserRow) => Promise<boolean> = () =>
      Promise.resolve(false),
  ) {}

  async dispatch(caller: Caller, channel: unknown, payload: unknown): Promise<Result<unknown>> {
    return this.guard(channel, () => this.run(caller, channel, payload));
  }

  /**
   * The same pipeline for a network caller (the team server): the principal comes with the
   * request instead of a window binding; everything after the sender check is shared.
   */
  async dispatchRemote(caller: RemoteCaller, channel: unknown, payload: unknown): Promise<Result<unknown>> {
    return this.guard(channel, () =>
      this.serve(
        { key: caller.key, client: caller.client },
        channel,
        payload,
        {
          bind: (sessionId) => {
            caller.onSessionStarted(sessionId);
          },
          unbind: () => {
            caller.onSessionEnded();
          },
        },
        (name, def, parsed) => this.resolvePrincipal(caller.principal, name, def, parsed),
      ),
    );
  }

  private async guard(channel: unknown, body: () => Promise<Result<unknown>>): Promise<Result<unknown>> {
    try {
      return await body();
    } catch (e) {
      if (e instanceof AppError) return err(e.code, e.message, e.details);
      this.logger.error('IPC handler failed', {
        channel: typeof channel === 'string' ? channel.slice(0, 64) : typeof channel,
        error: e instanceof Error ? e.message : String(e),
      });
      return err(
        'internal',
        'Something went wrong inside Portcullis. The action was not completed; try again.',
      );
    }
  }

  /** Ends every window bound to a session (revoked elsewhere) and tells it to show sign-in. */
  sessionEnded(sessionId: string, reason: PushEvents['session:ended']['reason']): void {
    for (const [key, binding] of this.bindings) {
      if (binding.sessionId !== sessionId) continue;
      this.bindings.delete(key);
      binding.push('session:ended', { reason });
    }
  }

  /** Forgets a closed window. */
  forget(callerKey: string): void {
    this.bindings.delete(callerKey);
  }

  private async run(caller: Caller, channel: unknown, payload: unknown): Promise<Result<unknown>> {
    if (!caller.isMainFrame || !this.isTrustedUrl(caller.frameUrl)) {
      // Security events go to the log (ASVS V16.3): never the payload, only who and where.
      this.logger.warn('IPC refused: untrusted sender', {
        frameUrl: caller.frameUrl.slice(0, 200),
        isMainFrame: caller.isMainFrame,
      });
      return err('forbidden_sender', 'This request did not come from the Portcullis window and was refused.');
    }
    return this.serve(
      caller,
      channel,
      payload,
      {
        bind: (sessionId) => this.bindings.set(caller.key, { sessionId, push: caller.push }),
        unbind: () => this.bindings.delete(caller.key),
      },
      (_name, def, parsed) => this.resolveBinding(caller.key, def, parsed),
    );
  }

  /** A window's bound session; an ended one is unbound (and refused unless the channel is public). */
  private async resolveBinding(key: string, def: ChannelDefOf, parsed: unknown): Promise<Resolved> {
    const binding = this.bindings.get(key);
    if (!binding) return null;
    return this.resolveSession(binding.sessionId, def, parsed, () => this.bindings.delete(key));
  }

  /** A session by id: polls and refreshes are checked against the limits but are not activity. */
  private async resolveSession(
    sessionId: string,
    def: ChannelDefOf,
    parsed: unknown,
    onEnded: () => void = () => undefined,
  ): Promise<Resolved> {
    const activity = isBackgroundCall(def, parsed) ? 'background' : 'user';
    const resolved = await this.sessions.resolve(sessionId, activity);
    if (resolved.status === 'ended') {
      onEnded();
      if (def.access === 'public') return null;
      return resolved.reason === 'expired'
        ? err('session_expired', 'Your session expired. Sign in again.')
        : err('session_revoked', 'Your session was ended. Sign in again.');
    }
    const { session, user } = resolved;
    return {
      session,
      user,
      actor: { id: user.id, username: user.username, role: user.role as Role, sessionId: session.id },
    };
  }

  /** A network principal: a session token as a window's session, an API token as its owner with the capped role. */
  private async resolvePrincipal(
    principal: Principal,
    name: ChannelName,
    def: ChannelDefOf,
    parsed: unknown,
  ): Promise<Resolved> {
    if (principal.kind === 'anonymous') return null;
    if (principal.kind === 'session') return this.resolveSession(principal.sessionId, def, parsed);
    // A token administers the directory; the person's own account and sign-in need a session.
    if (!tokenMayCall(name, def.access))
      return err(
        'permission_denied',
        'API tokens cannot call this: it acts on your own account or session. Sign in with your password instead.',
      );
    const { user, role } = principal;
    const session = tokenSession(user);
    return { session, user, actor: { id: user.id, username: user.username, role, sessionId: null } };
  }

  /** channel -> schema parse -> session -> permission -> handler -> Result, for either kind of caller. */
  private async serve(
    caller: { key: string; client: ClientInfo },
    channel: unknown,
    payload: unknown,
    binder: { bind(sessionId: string): void; unbind(): void },
    resolve: (name: ChannelName, def: ChannelDefOf, parsed: unknown) => Promise<Resolved>,
  ): Promise<Result<unknown>> {
    if (typeof channel !== 'string' || !Object.hasOwn(contract, channel)) {
      // The preload only offers contract channels: anything else is someone probing (ASVS 16.3.3).
      this.logger.warn('IPC refused: unknown channel', {
        channel: typeof channel === 'string' ? channel.slice(0, 64) : `(${typeof channel})`,
        callerKey: caller.key,
      });
      return err('unknown_channel', 'Unknown request.');
    }
    const name = channel as ChannelName;
    const def: ChannelDefOf = contract[name];
    const parsed = def.input.safeParse(payload);
    if (!parsed.success) {
      // Which fields failed and how, never their values (a password typed into the wrong field).
      this.logger.info('IPC refused: invalid input', {
        channel: name,
        callerKey: caller.key,
        issues: parsed.error.issues.slice(0, 5).map((i) => ({
          code: i.code,
          path: i.path.map((p) => String(p).slice(0, 32)).join('.'),
        })),
      });
      return err('invalid_input', describeIssue(parsed.error), issueDetails(parsed.error));
    }

    const ctx: CallContext = {
      client: caller.client,
      callerKey: caller.key,
      session: null,
      user: null,
      actor: null,
      bindSession: (sessionId) => {
        binder.bind(sessionId);
      },
      unbindSession: () => {
        binder.unbind();
      },
    };
    const resolved = await resolve(name, def, parsed.data);
    if (resolved !== null) {
      if ('ok' in resolved) return resolved;
      ctx.session = resolved.session;
      ctx.user = resolved.user;
      ctx.actor = resolved.actor;
    }
    if (def.access !== 'public') {
      if (!ctx.user || !ctx.actor) return err('not_signed_in', 'Sign in first.');
      if (def.access !== 'self' && !roleCan(ctx.actor.role, def.access)) {
        this.logger.warn('IPC refused: permission denied', {
          channel: name,
          userId: ctx.actor.id,
          role: ctx.actor.role,
          needs: def.access,
        });
        return err(
          'permission_denied',
          'Your role does not allow this action. Ask an administrator if you need it.',
        );
      }
      if (
        ctx.user.must_change_password === 1 &&
        (def as { allowWhilePasswordChangeRequired?: boolean }).allowWhilePasswordChangeRequired !== true
      )
        return err('password_change_required', 'Change your password before doing anything else.');
      if (def.access !== 'self' && (await this.twoFactorSetupRequired(ctx.user)))
        return err(
          'two_factor_required',
          'Your role requires two-factor authentication. Set it up on My security first.',
        );
    }
    const handler = this.handlers[name] as Handler<ChannelName>;
    return ok(await handler(parsed.data as never, ctx));
  }
}
