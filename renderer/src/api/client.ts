import { err, type ErrorCode, type Result } from '@shared/result';
import type { PortcullisApi } from '@shared/ipc/api';
import type { PushEvents } from '@shared/ipc/events';

/** Why the window's session ended; also the `?reason=` shown on the sign-in page. */
export type SessionEndReason = PushEvents['session:ended']['reason'];

/** Error codes that mean "this window is no longer signed in". */
const SESSION_ENDING: Partial<Record<ErrorCode, SessionEndReason>> = {
  not_signed_in: 'signed_out',
  session_expired: 'expired',
  session_revoked: 'revoked',
};

let sessionEndedHandler: ((reason: SessionEndReason) => void) | null = null;

/** The preload's API. The only place in the renderer that reads `window.portcullis`. */
export function bridge(): PortcullisApi {
  // A plain browser tab (no preload) has no bridge: fail as a Result, not a crash.
  if (typeof window.portcullis !== 'object') throw new Error('window.portcullis is not available');
  return window.portcullis;
}

/**
 * Runs one IPC request and returns its Result. A thrown bridge error becomes an `internal`
 * Err; an error saying the session is gone is reported to the session-ended handler.
 */
export async function call<T>(request: (api: PortcullisApi) => Promise<Result<T>>): Promise<Result<T>> {
  let result: Result<T>;
  try {
    result = await request(bridge());
  } catch (e) {
    result = err('internal', e instanceof Error ? e.message : String(e));
  }
  if (!result.ok) {
    const reason = SESSION_ENDING[result.code];
    if (reason) sessionEndedHandler?.(reason);
  }
  return result;
}

/**
 * Registers the single handler for "the session ended": from a push event sent by main or
 * from any Result that says so. Returns the unsubscribe function.
 */
export function onSessionEnded(handler: (reason: SessionEndReason) => void): () => void {
  sessionEndedHandler = handler;
  let unsubscribe: () => void = () => undefined;
  try {
    unsubscribe = bridge().events.on('session:ended', ({ reason }) => {
      handler(reason);
    });
  } catch {
    // No bridge (plain browser): there is nothing to listen to; API calls report the problem.
  }
  return () => {
    unsubscribe();
    if (sessionEndedHandler === handler) sessionEndedHandler = null;
  };
}
