import { z } from 'zod';
import type { Permission } from '../domain/roles';

/** Who may call a channel: anyone (even signed out), any signed-in user, or a role permission. */
export type Access = 'public' | 'self' | Permission;

/**
 * Whether a call counts as the person's activity, i.e. moves the session's idle deadline.
 * 'user' (the default): it does. 'background': never (status polls, progress bars).
 * 'per-call': the channel serves both a click and a timer, and the call says which with
 * `background: true` in its input (see `backgroundFlag`). Either way the session's idle and
 * absolute limits are checked first: a background call on an expired session is refused.
 */
export type Activity = 'user' | 'background' | 'per-call';

/**
 * The input field of a 'per-call' channel. A renderer can only use it to look *less* active
 * (its session ends sooner), never more, so trusting it is harmless.
 */
export const backgroundFlag = { background: z.boolean().optional() };

/** One IPC channel: its input schema, its output type (phantom) and who may call it. */
export interface ChannelDef<I extends z.ZodType, O> {
  input: I;
  access: Access;
  /** Phantom: carries the output type only. */
  output: O;
  /** When true, a signed-in user whose password must change may still call it. */
  allowWhilePasswordChangeRequired?: boolean;
  /** Whether a call extends the idle timeout; 'user' when absent. */
  activity?: Activity;
}

/** Declares a channel; `O` is the output type. */
export function channel<O>() {
  return <I extends z.ZodType>(def: {
    input: I;
    access: Access;
    allowWhilePasswordChangeRequired?: boolean;
    activity?: Activity;
  }): ChannelDef<I, O> => ({ ...def, output: undefined as unknown as O });
}

/** True when this call must not count as activity (a background poll or refresh). */
export function isBackgroundCall(def: { activity?: Activity }, parsed: unknown): boolean {
  if (def.activity === 'background') return true;
  return (
    def.activity === 'per-call' &&
    typeof parsed === 'object' &&
    parsed !== null &&
    (parsed as { background?: unknown }).background === true
  );
}
