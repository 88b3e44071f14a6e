import { z } from 'zod';
import type { Page } from '../../domain/user';
import type { AuditEventView } from '../../domain/audit';
import { channel } from '../channel';
import * as s from '../schemas';

/** The audit log (PRODUCT.md F7). */
export const auditContract = {
  'audit:list': channel<Page<AuditEventView>>()({
    access: 'audit:read',
    input: z.strictObject({
      code: z.string().max(64).optional(),
      userId: z.number().int().positive().optional(),
      ...s.pageRequest,
    }),
  }),
} as const;
