import type { Services } from '../services/services';
import { type HandlerMap, signedIn } from './handler';

/** mail:* channels: outgoing mail settings and a test message. */
export function mailHandlers(s: Services): Pick<HandlerMap, Extract<keyof HandlerMap, `mail:${string}`>> {
  return {
    'mail:getSettings': () => s.delivery.mail(),
    'mail:saveSettings': (input, ctx) => s.delivery.saveMail(input, signedIn(ctx).actor, ctx.client),
    'mail:sendTest': (input, ctx) => s.delivery.testMail(input.to, signedIn(ctx).actor),
  };
}
