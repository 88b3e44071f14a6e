import type { Access } from '../../../shared/ipc/channel';
import type { Role } from '../../../shared/domain/roles';
import type { SessionRow } from '../db/repositories/session.repository';
import type { UserRow } from '../db/repositories/user.repository';
import type { ClientInfo } from '../services/context';

/**
 * Who calls over the network (the team server, electron/main/server): there is no window to bind,
 * so each request names its principal, checked by the server before dispatch.
 */
export type Principal =
  | { kind: 'anonymous' }
  /** A session token from sign-in over HTTP: resolved here like a window's bound session. */
  | { kind: 'session'; sessionId: string }
  /** A verified API token: its owner's row and the role it acts with (token role capped by the owner's). */
  | { kind: 'token'; user: UserRow; role: Role };

/** A network caller (the team server): its principal instead of a window binding. */
export interface RemoteCaller {
  /** Keys the sign-in second step: an unguessable handle the server issued, never a window. */
  key: string;
  client: ClientInfo;
  principal: Principal;
  /** A handler started a session for this caller (sign-in); the server hands out its token. */
  onSessionStarted(sessionId: string): void;
  /** A handler ended the caller's session (sign-out). */
  onSessionEnded(): void;
}

/** Own-account channels an API token may call; all others with access 'self' or 'public' need a session. */
const TOKEN_SELF_CHANNELS: ReadonlySet<string> = new Set(['auth:me']);

/**
 * Whether an API token may call a channel: the role-gated ones (directory administration) and
 * `auth:me`. Sign-in, password, 2FA, own sessions and own tokens need a signed-in session, so a
 * leaked token cannot change the credentials of its owner or mint further tokens.
 */
export function tokenMayCall(name: string, access: Access): boolean {
  return (access !== 'public' && access !== 'self') || TOKEN_SELF_CHANNELS.has(name);
}

/**
 * The session a token call runs with. No session row exists for a token; handlers that read the
 * session id (to mark the caller's own session) get one that matches no real session (real ids
 * are 32 hex characters), and the actor's sessionId is null, so audit records no session.
 */
export function tokenSession(user: UserRow): SessionRow {
  return {
    id: 'api-token',
    user_id: user.id,
    created_at: '',
    last_seen_at: '',
    expires_at: '',
    ended_at: null,
    end_reason: null,
    ip: '',
    user_agent: '',
    device_type: '',
    browser: '',
    os: '',
    location: '',
  };
}
