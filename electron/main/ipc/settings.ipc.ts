import type { Services } from '../services/services';
import { type HandlerMap, signedIn } from './handler';

/** settings:* channels: authentication settings and the password policy. */
export function settingsHandlers(
  s: Services,
): Pick<HandlerMap, Extract<keyof HandlerMap, `settings:${string}`>> {
  return {
    'settings:getAuth': () => s.settings.auth(),
    'settings:saveAuth': (input, ctx) =>
      s.settings.saveAuth(input, { actor: signedIn(ctx).actor, client: ctx.client }),
    'settings:getPasswordPolicy': () => s.settings.passwordPolicySettings(),
    'settings:savePasswordPolicy': (input, ctx) =>
      s.settings.savePasswordPolicy(input, { actor: signedIn(ctx).actor, client: ctx.client }),
  };
}
