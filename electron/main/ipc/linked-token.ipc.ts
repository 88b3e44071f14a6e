import type { Services } from '../services/services';
import { type HandlerMap, signedIn } from './handler';

/** linkedToken:* channels (the owner's flespi token). */
export function linkedTokenHandlers(
  s: Services,
): Pick<HandlerMap, Extract<keyof HandlerMap, `linkedToken:${string}`>> {
  return {
    'linkedToken:get': (_input, ctx) => s.linkedToken.get(signedIn(ctx).user.id),
    'linkedToken:login': (input, ctx) => s.linkedToken.login(signedIn(ctx).actor, input.region, ctx.client),
    'linkedToken:check': (_input, ctx) => s.linkedToken.check(signedIn(ctx).user.id),
    'linkedToken:save': (input, ctx) =>
      s.linkedToken.save(signedIn(ctx).actor, input.token, input.region, ctx.client),
  };
}
