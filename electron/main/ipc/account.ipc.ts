import type { Services } from '../services/services';
import { type HandlerMap, signedIn } from './handler';

/** account:* channels (own authorization settings). */
export function accountHandlers(
  s: Services,
): Pick<HandlerMap, Extract<keyof HandlerMap, `account:${string}`>> {
  return {
    'account:overview': (_input, ctx) => s.account.overview(signedIn(ctx).user),
    'account:changePassword': (input, ctx) => {
      const { user, session } = signedIn(ctx);
      return s.account.changePassword(user, session.id, input, ctx.client);
    },
    'account:requestEmailChange': (input, ctx) =>
      s.account.requestEmailChange(signedIn(ctx).user, input.email),
    'account:confirmEmailChange': (input, ctx) => {
      const { user, session } = signedIn(ctx);
      return s.account.confirmEmailChange(user, input.code, ctx.client, session.id);
    },
    'account:cancelEmailChange': async (_input, ctx) => {
      await s.account.cancelEmailChange(signedIn(ctx).user);
      return null;
    },
    'account:setNotifyBlocking': async (input, ctx) => {
      const { user, session } = signedIn(ctx);
      await s.account.setNotifyBlocking(user, input.enabled, ctx.client, session.id);
      return null;
    },
    'account:setLanguage': (input, ctx) => {
      const { user, session } = signedIn(ctx);
      return s.account.setLanguage(user, input.language, ctx.client, session.id);
    },
  };
}
