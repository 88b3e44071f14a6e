import type { ChannelName, ChannelOutput, ChannelParsed } from '../../../shared/ipc/contract';
import type { PushEventName, PushEvents } from '../../../shared/ipc/events';
import type { UserRow } from '../db/repositories/user.repository';
import type { SessionRow } from '../db/repositories/session.repository';
import type { Actor, ClientInfo } from '../services/context';

/** What a handler knows about its caller, after the pipeline has checked it. */
export interface CallContext {
  client: ClientInfo;
  /** Stable id of the calling window (binds the sign-in second step to it). */
  callerKey: string;
  /** Present for every channel except public ones called while signed out. */
  session: SessionRow | null;
  user: UserRow | null;
  actor: Actor | null;
  /** Binds a new session to the calling window (sign-in, setup). */
  bindSession(sessionId: string): void;
  /** Unbinds the calling window (sign-out). */
  unbindSession(): void;
}

/** Requires a signed-in caller; the pipeline guarantees it for non-public channels. */
export function signedIn(ctx: CallContext): { session: SessionRow; user: UserRow; actor: Actor } {
  if (!ctx.session || !ctx.user || !ctx.actor)
    throw new Error('Handler needs a session but the pipeline gave none.');
  return { session: ctx.session, user: ctx.user, actor: ctx.actor };
}

export type Handler<C extends ChannelName> = (
  input: ChannelParsed<C>,
  ctx: CallContext,
) => Promise<ChannelOutput<C>>;

/** Exactly one handler per contract channel (the type makes a missing one a compile error). */
export type HandlerMap = { [C in ChannelName]: Handler<C> };

/** Sends push events to the window a session is bound to. */
export type Push = <E extends PushEventName>(event: E, payload: PushEvents[E]) => void;
