import type { Services } from '../services/services';
import { type HandlerMap, signedIn } from './handler';

type SessionChannels =
  | 'sessions:listMine'
  | 'sessions:revoke'
  | 'sessions:revokeOthers'
  | 'sessions:listAll'
  | 'sessions:revokeAny';

/** sessions:* channels. */
export function sessionHandlers(s: Services): Pick<HandlerMap, SessionChannels> {
  return {
    'sessions:listMine': (_input, ctx) => {
      const { user, session } = signedIn(ctx);
      return s.sessions.listMine(user, session.id);
    },
    'sessions:revoke': async (input, ctx) => {
      await s.sessions.revoke(signedIn(ctx).actor, input.sessionId, ctx.client, 'own');
      return null;
    },
    'sessions:revokeOthers': async (_input, ctx) => {
      const { user, session, actor } = signedIn(ctx);
      return { count: await s.sessions.revokeAllExcept(actor, user, session.id, ctx.client) };
    },
    'sessions:listAll': (input, ctx) => s.sessions.listAll(input, signedIn(ctx).session.id),
    'sessions:revokeAny': async (input, ctx) => {
      await s.sessions.revoke(signedIn(ctx).actor, input.sessionId, ctx.client, 'any');
      return null;
    },
  };
}
