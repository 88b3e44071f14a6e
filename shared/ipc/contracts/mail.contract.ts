import { z } from 'zod';
import { MAIL_SECURITY, type MailSettingsView, type TestSendResult } from '../../domain/delivery';
import { channel } from '../channel';
import * as s from '../schemas';
import { host, secret } from './delivery-fields';

/** Outgoing mail (SMTP) settings and a test message (docs/product.md F8). */
export const mailContract = {
  'mail:getSettings': channel<MailSettingsView>()({ access: 'services:manage', input: s.empty }),
  'mail:saveSettings': channel<MailSettingsView>()({
    access: 'services:manage',
    input: z.strictObject({
      host,
      port: z.number().int().min(1).max(65535),
      security: z.enum(MAIL_SECURITY),
      user: z.string().trim().max(254),
      password: secret,
      from: z.union([z.literal(''), s.email]),
      fromName: z.string().trim().max(128),
      allowSelfSigned: z.boolean(),
    }),
  }),
  'mail:sendTest': channel<TestSendResult>()({
    access: 'services:manage',
    input: z.strictObject({ to: s.email }),
  }),
} as const;
