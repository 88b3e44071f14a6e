import type { Services } from '../services/services';
import type { HandlerMap } from './handler';

/** passwordReset:* channels: the user's side of a reset (username, emailed code, new password). */
export function passwordResetHandlers(s: Services): Pick<HandlerMap, 'passwordReset:complete'> {
  return { 'passwordReset:complete': (input, ctx) => s.passwordReset.complete(input, ctx.client) };
}
