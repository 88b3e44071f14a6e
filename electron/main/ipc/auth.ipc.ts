import type { Services } from '../container';
import { type HandlerMap, signedIn } from './handler';

/** setup:* and auth:* channels. */
export function authHandlers(
  s: Services,
): Pick<HandlerMap, 'setup:status' | 'setup:createOwner' | 'auth:signIn' | 'auth:signOut' | 'auth:me'> {
  return {
    'setup:status': async () => ({ needsSetup: await s.auth.needsSetup() }),
    'setup:createOwner': async (input, ctx) => {
      const result = await s.auth.createOwner(input, ctx.client);
      ctx.bindSession(result.session.id);
      return result;
    },
    'auth:signIn': async (input, ctx) => {
      const result = await s.auth.signIn(input, ctx.client);
      ctx.bindSession(result.session.id);
      return result;
    },
    'auth:signOut': async (_input, ctx) => {
      const { session, user } = signedIn(ctx);
      await s.auth.signOut(session.id, user, ctx.client);
      ctx.unbindSession();
      return null;
    },
    'auth:me': async (_input, ctx) => Promise.resolve(ctx.user ? s.toCurrentUser(ctx.user) : null),
  };
}
