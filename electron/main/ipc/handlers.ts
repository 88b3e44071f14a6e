import type { Services } from '../container';
import type { HandlerMap } from './handler';
import { authHandlers } from './auth.ipc';
import { userHandlers } from './users.ipc';
import { sessionHandlers } from './sessions.ipc';
import { auditHandlers } from './audit.ipc';

/** Every channel's handler, one domain file each. */
export function buildHandlers(s: Services): HandlerMap {
  return {
    ...authHandlers(s),
    ...userHandlers(s),
    ...sessionHandlers(s),
    ...auditHandlers(s),
  };
}
