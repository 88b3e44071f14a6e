import type { Services } from '../services/services';
import { type HandlerMap, signedIn } from './handler';

type TwoFactorChannels =
  | 'twoFactor:status'
  | 'twoFactor:startTotp'
  | 'twoFactor:sendCode'
  | 'twoFactor:codeStatus'
  | 'twoFactor:confirm'
  | 'twoFactor:sendConfirmationCode'
  | 'twoFactor:regenerateBackupCodes'
  | 'twoFactor:disable';

/** twoFactor:* channels: the caller's own account only. */
export function twoFactorHandlers(s: Services): Pick<HandlerMap, TwoFactorChannels> {
  return {
    'twoFactor:status': (_input, ctx) => s.twoFactor.status(signedIn(ctx).user),
    'twoFactor:startTotp': (_input, ctx) => s.twoFactor.startTotp(signedIn(ctx).user),
    'twoFactor:sendCode': (input, ctx) => s.twoFactor.sendCode(signedIn(ctx).user, input.method, input.phone),
    'twoFactor:codeStatus': (input, ctx) => s.twoFactor.codeStatus(signedIn(ctx).user, input.purpose),
    'twoFactor:confirm': (input, ctx) => s.twoFactor.confirm(signedIn(ctx).user, input.code, ctx.client),
    'twoFactor:sendConfirmationCode': (input, ctx) =>
      s.twoFactor.sendConfirmationCode(signedIn(ctx).user, input.purpose),
    'twoFactor:regenerateBackupCodes': (input, ctx) =>
      s.twoFactor.regenerateBackupCodes(signedIn(ctx).user, input.code, ctx.client),
    'twoFactor:disable': async (input, ctx) => {
      await s.twoFactor.disable(signedIn(ctx).user, input, ctx.client);
      return null;
    },
  };
}
