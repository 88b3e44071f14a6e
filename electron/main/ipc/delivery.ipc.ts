import type { Services } from '../services/services';
import { type HandlerMap, signedIn } from './handler';

type DeliveryChannels =
  | 'mail:getSettings'
  | 'mail:saveSettings'
  | 'mail:sendTest'
  | 'sms:getSettings'
  | 'sms:saveSettings'
  | 'sms:sendTest'
  | 'services:get'
  | 'services:update'
  | 'outbox:list'
  | 'outbox:retry'
  | 'outbox:cancel'
  | 'delivery:codeStatus';

/** mail:*, sms:*, services:*, outbox:* and delivery:* channels. */
export function deliveryHandlers(s: Services): Pick<HandlerMap, DeliveryChannels> {
  return {
    'mail:getSettings': () => s.delivery.mail(),
    'mail:saveSettings': (input, ctx) => s.delivery.saveMail(input, signedIn(ctx).actor, ctx.client),
    'mail:sendTest': (input, ctx) => s.delivery.testMail(input.to, signedIn(ctx).actor),
    'sms:getSettings': () => s.delivery.sms(),
    'sms:saveSettings': (input, ctx) => s.delivery.saveSms(input, signedIn(ctx).actor, ctx.client),
    'sms:sendTest': (input, ctx) => s.delivery.testSms(input.to, signedIn(ctx).actor),
    'services:get': () => s.delivery.services(),
    'services:update': (input, ctx) => s.delivery.updateServices(input, signedIn(ctx).actor, ctx.client),
    'outbox:list': (input) => s.outbox.list(input),
    'outbox:retry': (input, ctx) => s.outbox.retry(input.id, signedIn(ctx).actor, ctx.client),
    'outbox:cancel': (input, ctx) => s.outbox.cancel(input.id, signedIn(ctx).actor, ctx.client),
    'delivery:codeStatus': async (input, ctx) => {
      const { user } = signedIn(ctx);
      return (await s.messenger.codeDeliveryFor(input.messageId, user.id)) ?? null;
    },
  };
}
