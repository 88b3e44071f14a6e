import type { Services } from '../services/services';
import { type HandlerMap, signedIn } from './handler';

/** delivery:* channels: which services accounts may use, and where the caller's own code went. */
export function deliveryHandlers(
  s: Services,
): Pick<HandlerMap, Extract<keyof HandlerMap, `delivery:${string}`>> {
  return {
    'delivery:getServices': () => s.delivery.services(),
    'delivery:updateServices': (input, ctx) =>
      s.delivery.updateServices(input, signedIn(ctx).actor, ctx.client),
    'delivery:codeStatus': async (input, ctx) =>
      (await s.messenger.codeDeliveryFor(input.messageId, signedIn(ctx).user.id)) ?? null,
  };
}
