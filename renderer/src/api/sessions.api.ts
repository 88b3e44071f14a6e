import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

/** Filters of the administrators' sessions list. */
export type AllSessionsFilter = ChannelInput<'sessions:listAll'>;

/** Sign-in sessions. */
export const sessionsApi = {
  /** The caller's own sessions. */
  listMine: () => call((api) => api.sessions.listMine()),
  /** Ends one of the caller's other sessions. */
  revoke: (sessionId: string) => call((api) => api.sessions.revoke({ sessionId })),
  /** Ends all the caller's sessions except this one. */
  revokeOthers: () => call((api) => api.sessions.revokeOthers()),
  /** One page of everybody's live sessions (administrators); `filter` may carry page and pageSize. */
  listAll: (filter: AllSessionsFilter) => call((api) => api.sessions.listAll(filter)),
  /** Ends anybody's session (administrators). */
  revokeAny: (sessionId: string) => call((api) => api.sessions.revokeAny({ sessionId })),
};
