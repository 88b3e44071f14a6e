import type { Services } from '../services/services';
import { type HandlerMap, signedIn } from './handler';

/** outbox:* channels: the Outbox page. */
export function outboxHandlers(s: Services): Pick<HandlerMap, Extract<keyof HandlerMap, `outbox:${string}`>> {
  return {
    'outbox:list': (input) => s.outbox.list(input),
    'outbox:retry': (input, ctx) => s.outbox.retry(input.id, signedIn(ctx).actor, ctx.client),
    'outbox:cancel': (input, ctx) => s.outbox.cancel(input.id, signedIn(ctx).actor, ctx.client),
  };
}
