import { z } from 'zod';
import { SMS_PROVIDERS, type SmsSettingsView, type TestSendResult } from '../../domain/delivery';
import { channel } from '../channel';
import * as s from '../schemas';
import { e164, httpUrl, secret } from './delivery-fields';

/** The SMS gateway (Twilio or a webhook) and a test message (docs/product.md F8). */
export const smsContract = {
  'sms:getSettings': channel<SmsSettingsView>()({ access: 'services:manage', input: s.empty }),
  'sms:saveSettings': channel<SmsSettingsView>()({
    access: 'services:manage',
    input: z.strictObject({
      provider: z.enum(SMS_PROVIDERS),
      twilioAccountSid: z.string().trim().max(64),
      twilioAuthToken: secret,
      twilioFrom: z.union([z.literal(''), e164]),
      twilioBaseUrl: httpUrl,
      webhookUrl: httpUrl,
      webhookHeader: z
        .string()
        .trim()
        .max(64)
        .regex(/^[A-Za-z0-9-]*$/, 'Use a header name such as Authorization'),
      webhookToken: secret,
    }),
  }),
  'sms:sendTest': channel<TestSendResult>()({
    access: 'services:manage',
    input: z.strictObject({ to: e164 }),
  }),
} as const;
