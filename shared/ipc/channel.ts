import type { z } from 'zod';
import type { Permission } from '../domain/roles';

/** Who may call a channel: anyone (even signed out), any signed-in user, or a role permission. */
export type Access = 'public' | 'self' | Permission;

/** One IPC channel: its input schema, its output type (phantom) and who may call it. */
export interface ChannelDef<I extends z.ZodType, O> {
  input: I;
  access: Access;
  /** Phantom: carries the output type only. */
  output: O;
  /** When true, a signed-in user whose password must change may still call it. */
  allowWhilePasswordChangeRequired?: boolean;
}

/** Declares a channel; `O` is the output type. */
export function channel<O>() {
  return <I extends z.ZodType>(def: {
    input: I;
    access: Access;
    allowWhilePasswordChangeRequired?: boolean;
  }): ChannelDef<I, O> => ({ ...def, output: undefined as unknown as O });
}
