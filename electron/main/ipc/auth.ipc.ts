import type { Services } from '../services/services';
import type { CurrentUser } from '../../../shared/domain/user';
import { type CallContext, type HandlerMap, signedIn } from './handler';

type AuthChannels =
  | 'setup:status'
  | 'setup:createOwner'
  | 'auth:signIn'
  | 'auth:verifyCode'
  | 'auth:useBackupCode'
  | 'auth:resendCode'
  | 'auth:codeStatus'
  | 'auth:cancelSecondStep'
  | 'auth:signOut'
  | 'auth:me';

/** Adds whether the user must set up 2FA before anything else (role policy in settings). */
async function withTwoFactorFlag(s: Services, user: CurrentUser): Promise<CurrentUser> {
  const row = await s.userRows.findById(user.id);
  return { ...user, twoFactorSetupRequired: row ? await s.twoFactorSetupRequired(row) : false };
}

/**
 * Binds the window to its new session. A window still bound to another live session (signing in
 * again without signing out) ends that one first, so it cannot linger unseen (ASVS 7.2.4).
 */
async function bindNew(s: Services, ctx: CallContext, sessionId: string): Promise<void> {
  if (ctx.session && ctx.user && ctx.session.id !== sessionId)
    await s.auth.signOut(ctx.session.id, ctx.user, ctx.client);
  ctx.bindSession(sessionId);
}

/** setup:* and auth:* channels; the second step is bound to the calling window. */
export function authHandlers(s: Services): Pick<HandlerMap, AuthChannels> {
  return {
    'setup:status': async () => ({ needsSetup: await s.auth.needsSetup() }),
    'setup:createOwner': async (input, ctx) => {
      const result = await s.auth.createOwner(input, ctx.client);
      ctx.bindSession(result.session.id);
      return { ...result, user: await withTwoFactorFlag(s, result.user) };
    },
    'auth:signIn': async (input, ctx) => {
      const result = await s.auth.signIn(input, ctx.client, ctx.callerKey);
      if (result.status !== 'signed_in') return result;
      await bindNew(s, ctx, result.session.id);
      return { ...result, user: await withTwoFactorFlag(s, result.user) };
    },
    'auth:verifyCode': async (input, ctx) => {
      const result = await s.auth.completeSecondStep(ctx.callerKey, 'code', input.code, ctx.client);
      await bindNew(s, ctx, result.session.id);
      return result;
    },
    'auth:useBackupCode': async (input, ctx) => {
      const result = await s.auth.completeSecondStep(ctx.callerKey, 'backup', input.code, ctx.client);
      await bindNew(s, ctx, result.session.id);
      return result;
    },
    'auth:resendCode': (_input, ctx) => s.auth.challenges.resend(ctx.callerKey),
    'auth:codeStatus': (_input, ctx) => s.auth.challenges.codeStatus(ctx.callerKey),
    'auth:cancelSecondStep': (_input, ctx) => {
      s.auth.challenges.cancel(ctx.callerKey);
      return Promise.resolve(null);
    },
    'auth:signOut': async (_input, ctx) => {
      const { session, user } = signedIn(ctx);
      await s.auth.signOut(session.id, user, ctx.client);
      ctx.unbindSession();
      return null;
    },
    'auth:me': async (_input, ctx) =>
      ctx.user
        ? { ...s.toCurrentUser(ctx.user), twoFactorSetupRequired: await s.twoFactorSetupRequired(ctx.user) }
        : null,
  };
}
