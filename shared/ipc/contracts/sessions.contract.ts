import type { SessionView } from '../../domain/session';
import { channel } from '../channel';
import * as s from '../schemas';

/** Sessions (PRODUCT.md F4). */
export const sessionsContract = {
  'sessions:listMine': channel<SessionView[]>()({ input: s.empty, access: 'self' }),
} as const;
