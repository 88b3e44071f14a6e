import type { Services } from '../services/services';
import type { HandlerMap } from './handler';

/** passwordReset:* channels; every step after the request is bound to the calling window. */
export function passwordResetHandlers(
  s: Services,
): Pick<HandlerMap, Extract<keyof HandlerMap, `passwordReset:${string}`>> {
  return {
    'passwordReset:status': () => s.resetRequests.status(),
    'passwordReset:request': (i, ctx) => s.resetRequests.request(i.login, ctx.callerKey, ctx.client),
    'passwordReset:verifyCode': (i, ctx) => s.resetFlow.verifyCode(i.login, i.code, ctx.callerKey),
    'passwordReset:sendSms': (_i, ctx) => s.resetFlow.sendSms(ctx.callerKey),
    'passwordReset:verifySecondFactor': (i, ctx) =>
      s.resetFlow.verifySecondFactor(ctx.callerKey, i.kind, i.code, ctx.client),
    'passwordReset:complete': (i, ctx) => s.resetFlow.complete(ctx.callerKey, i.newPassword, ctx.client),
    'passwordReset:cancel': (_i, ctx) => Promise.resolve(s.resetFlow.cancel(ctx.callerKey)),
  };
}
