import type { Services } from '../services/services';
import { assertPasswordAllowed, DEFAULT_POLICY } from '../services/settings/password-policy';
import type { DirectoryAccess, SetupChannel } from './directory-gate';
import { type CallContext, type HandlerMap, signedIn } from './handler';

/** Binds the window to its new session; a session the window still held ends first (in the service). */
async function bindNew(s: Services, ctx: CallContext, sessionId: string): Promise<void> {
  await s.auth.endReplacedSession(ctx, sessionId, ctx.client);
  ctx.bindSession(sessionId);
}

/**
 * First run, on the directory handle rather than its services: with no database file yet,
 * auth:needsSetup answers true and creates nothing; auth:createOwner creates the directory (the
 * database and its keychain data key) only for an owner the password policy accepts.
 */
export function setupHandlers(directory: DirectoryAccess): Pick<HandlerMap, SetupChannel> {
  return {
    'auth:needsSetup': async () => {
      const s = await directory.existing();
      return { needsSetup: s ? await s.auth.needsSetup() : true };
    },
    'auth:createOwner': async (input, ctx) => {
      // The service checks again; this refusal comes before anything exists on disk or in the keychain.
      assertPasswordAllowed(input.password, DEFAULT_POLICY, input);
      const s = await directory.create();
      const result = await s.auth.createOwner(input, ctx.client);
      ctx.bindSession(result.session.id);
      return { ...result, user: await s.auth.withTwoFactorFlag(result.user) };
    },
  };
}

/** The other auth:* channels: sign-in (the second step is bound to the calling window), sign-out, me. */
export function authHandlers(
  s: Services,
): Pick<HandlerMap, Exclude<Extract<keyof HandlerMap, `auth:${string}`>, SetupChannel>> {
  return {
    'auth:signIn': async (input, ctx) => {
      const result = await s.auth.signIn(input, ctx.client, ctx.callerKey);
      if (result.status !== 'signed_in') return result;
      await bindNew(s, ctx, result.session.id);
      return { ...result, user: await s.auth.withTwoFactorFlag(result.user) };
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
    'auth:me': async (_input, ctx) => (ctx.user ? s.auth.withTwoFactorFlag(s.toCurrentUser(ctx.user)) : null),
  };
}
