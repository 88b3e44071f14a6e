import type { Services } from '../container';
import { type HandlerMap, signedIn } from './handler';

/** users:* channels. */
export function userHandlers(s: Services): Pick<HandlerMap, 'users:list' | 'users:create'> {
  return {
    'users:list': (input) => s.users.list(input),
    'users:create': (input, ctx) => s.users.create(input, signedIn(ctx).actor, ctx.client),
  };
}
