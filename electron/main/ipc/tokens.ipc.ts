import type { Services } from '../services/services';
import { type HandlerMap, signedIn } from './handler';

/** tokens:* channels (API tokens). */
export function tokenHandlers(s: Services): Pick<HandlerMap, Extract<keyof HandlerMap, `tokens:${string}`>> {
  return {
    'tokens:listMine': (_input, ctx) => s.tokens.listMine(signedIn(ctx).user.id),
    'tokens:create': (input, ctx) => {
      const { user, actor } = signedIn(ctx);
      return s.tokens.create(user, actor, input, ctx.client);
    },
    'tokens:revoke': async (input, ctx) => {
      await s.tokens.revoke(signedIn(ctx).actor, input.id, ctx.client, 'own');
      return null;
    },
    'tokens:listAll': (input) => s.tokens.listAll(input),
    'tokens:revokeAny': async (input, ctx) => {
      await s.tokens.revoke(signedIn(ctx).actor, input.id, ctx.client, 'any');
      return null;
    },
  };
}
