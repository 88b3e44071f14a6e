import { call } from './client';

/** The administration dashboard. */
export const dashboardApi = {
  /** Current figures and sign-in charts. */
  stats: () => call((api) => api.dashboard.stats()),
};
