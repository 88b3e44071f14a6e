import { call } from './client';

/** Sign-in sessions. */
export const sessionsApi = {
  /** The caller's own sessions. */
  listMine: () => call((api) => api.sessions.listMine()),
};
