import type { Services } from '../services/services';
import { type HandlerMap, signedIn } from './handler';

/** sms:* channels: the SMS gateway settings and a test message. */
export function smsHandlers(s: Services): Pick<HandlerMap, Extract<keyof HandlerMap, `sms:${string}`>> {
  return {
    'sms:getSettings': () => s.delivery.sms(),
    'sms:saveSettings': (input, ctx) => s.delivery.saveSms(input, signedIn(ctx).actor, ctx.client),
    'sms:sendTest': (input, ctx) => s.delivery.testSms(input.to, signedIn(ctx).actor),
  };
}
