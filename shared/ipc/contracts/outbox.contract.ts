import { z } from 'zod';
import { OUTBOX_STATUSES, type OutboxCounts, type OutboxItemView } from '../../domain/delivery';
import type { Page } from '../../domain/user';
import { backgroundFlag, channel } from '../channel';
import * as s from '../schemas';

/** The Outbox page: queued, sent and failed messages; retry and cancel (docs/product.md F8). */
export const outboxContract = {
  /** The page's timed refresh says `background`; filters and "Refresh" are activity. */
  'outbox:list': channel<Page<OutboxItemView> & { counts: OutboxCounts }>()({
    access: 'settings:manage',
    activity: 'per-call',
    input: z.strictObject({
      ...backgroundFlag,
      status: z.enum(OUTBOX_STATUSES).optional(),
      channel: z.enum(['email', 'sms']).optional(),
      search: z.string().trim().max(200).optional(),
      ...s.pageRequest,
    }),
  }),
  'outbox:retry': channel<OutboxItemView>()({
    access: 'settings:manage',
    input: z.strictObject({ id: z.number().int().positive() }),
  }),
  'outbox:cancel': channel<OutboxItemView>()({
    access: 'settings:manage',
    input: z.strictObject({ id: z.number().int().positive() }),
  }),
} as const;
