import type { ChannelInput } from '@shared/ipc/contract';
import { call } from './client';

/** Query of `audit:list`. */
export type AuditQuery = ChannelInput<'audit:list'>;

/** The audit log. */
export const auditApi = {
  /** One page of audit events, newest first, filtered in main. */
  list: (query: AuditQuery) => call((api) => api.audit.list(query)),
};
