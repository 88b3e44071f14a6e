import { z } from 'zod';
import type { SessionView } from '../../domain/session';
import type { Page } from '../../domain/user';
import { channel } from '../channel';
import * as s from '../schemas';

const sessionId = z.string().regex(/^[0-9a-f]{32}$/, 'Not a session id');

/** Sessions (docs/product.md F4): one's own, and everybody's for administrators. */
export const sessionsContract = {
  'sessions:listMine': channel<SessionView[]>()({ input: s.empty, access: 'self' }),
  /** Ends one of the caller's other sessions. */
  'sessions:revoke': channel<null>()({ input: z.strictObject({ sessionId }), access: 'self' }),
  /** Ends every session of the caller except the current one. */
  'sessions:revokeOthers': channel<{ count: number }>()({ input: s.empty, access: 'self' }),
  /** One page of everybody's live sessions, newest activity first, with the total that match. */
  'sessions:listAll': channel<Page<SessionView>>()({
    access: 'sessions:manage-all',
    input: z.strictObject({
      user: z.string().trim().max(64).optional(),
      ip: z.string().trim().max(64).optional(),
      ...s.pageRequest,
    }),
  }),
  'sessions:revokeAny': channel<null>()({
    access: 'sessions:manage-all',
    input: z.strictObject({ sessionId }),
  }),
} as const;
