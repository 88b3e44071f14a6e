import type { Services } from '../services/services';
import { type HandlerMap, signedIn } from './handler';

type AdminChannels =
  | 'settings:getAuth'
  | 'settings:saveAuth'
  | 'settings:getPasswordPolicy'
  | 'settings:savePasswordPolicy'
  | 'dashboard:stats'
  | 'passwordReset:complete';

/** Authentication and password policy settings, the dashboard and the user's password reset. */
export function adminHandlers(s: Services): Pick<HandlerMap, AdminChannels> {
  return {
    'settings:getAuth': () => s.settings.auth(),
    'settings:saveAuth': (input, ctx) =>
      s.settings.saveAuth(input, { actor: signedIn(ctx).actor, client: ctx.client }),
    'settings:getPasswordPolicy': () => s.settings.passwordPolicySettings(),
    'settings:savePasswordPolicy': (input, ctx) =>
      s.settings.savePasswordPolicy(input, { actor: signedIn(ctx).actor, client: ctx.client }),
    'dashboard:stats': () => s.dashboard.stats(),
    'passwordReset:complete': (input, ctx) => s.passwordReset.complete(input, ctx.client),
  };
}
