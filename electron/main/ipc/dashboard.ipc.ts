import type { Services } from '../services/services';
import type { HandlerMap } from './handler';

/** dashboard:* channels: the administration dashboard's figures. */
export function dashboardHandlers(s: Services): Pick<HandlerMap, 'dashboard:stats'> {
  return { 'dashboard:stats': () => s.dashboard.stats() };
}
