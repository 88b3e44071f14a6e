import type { Services } from '../container';
import { type HandlerMap, signedIn } from './handler';

/** sessions:* channels. */
export function sessionHandlers(s: Services): Pick<HandlerMap, 'sessions:listMine'> {
  return {
    'sessions:listMine': (_input, ctx) => {
      const { user, session } = signedIn(ctx);
      return s.sessions.listMine(user, session.id);
    },
  };
}
