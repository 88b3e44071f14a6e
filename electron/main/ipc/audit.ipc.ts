import type { Services } from '../container';
import type { HandlerMap } from './handler';

/** audit:* channels. */
export function auditHandlers(s: Services): Pick<HandlerMap, 'audit:list'> {
  return {
    'audit:list': (input) => s.audit.list(input),
  };
}
