import { z } from 'zod';
import type { AccountServices, CodeDeliveryView } from '../../domain/delivery';
import { channel } from '../channel';
import * as s from '../schemas';

/** Which delivery services accounts may use (email, SMS and its budget), and where a code went. */
export const deliveryContract = {
  'delivery:getServices': channel<AccountServices>()({ access: 'services:manage', input: s.empty }),
  'delivery:updateServices': channel<AccountServices>()({
    access: 'services:manage',
    input: z.strictObject({
      smsEnabled: z.boolean(),
      smsAvailable: z.number().int().min(0).max(10_000_000),
      emailEnabled: z.boolean(),
    }),
  }),
  /** Where the caller's own code went, e.g. after an SMS fell back to email at the gateway. */
  'delivery:codeStatus': channel<CodeDeliveryView | null>()({
    access: 'self',
    activity: 'background',
    input: z.strictObject({ messageId: z.number().int().positive() }),
  }),
} as const;
