import { z } from 'zod';
import {
  MAIL_SECURITY,
  OUTBOX_STATUSES,
  SMS_PROVIDERS,
  type AccountServices,
  type CodeDeliveryView,
  type MailSettingsView,
  type OutboxCounts,
  type OutboxItemView,
  type SmsSettingsView,
  type TestSendResult,
} from '../../domain/delivery';
import type { Page } from '../../domain/user';
import { backgroundFlag, channel } from '../channel';
import * as s from '../schemas';

/** A phone number in E.164 form, e.g. +447700900123. */
export const e164 = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'Enter the number in international form, e.g. +447700900123');

/** A host name or address (no scheme, no path). */
const host = z
  .string()
  .trim()
  .max(253)
  .regex(/^[a-zA-Z0-9.:[\]-]*$/, 'Enter a host name such as smtp.example.com');
const httpUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'Enter an http:// or https:// address');
/** A secret typed into a form: absent keeps the stored one, '' removes it. */
const secret = z.string().max(1024).optional();

/** Outgoing mail and SMS settings, account services and the outbox (issue 8; docs/product.md F6, F8). */
export const deliveryContract = {
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
  'services:get': channel<AccountServices>()({ access: 'services:manage', input: s.empty }),
  'services:update': channel<AccountServices>()({
    access: 'services:manage',
    input: z.strictObject({
      smsEnabled: z.boolean(),
      smsAvailable: z.number().int().min(0).max(10_000_000),
      emailEnabled: z.boolean(),
    }),
  }),
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
  /** Where the caller's own code went, e.g. after an SMS fell back to email at the gateway. */
  'delivery:codeStatus': channel<CodeDeliveryView | null>()({
    access: 'self',
    activity: 'background',
    input: z.strictObject({ messageId: z.number().int().positive() }),
  }),
} as const;
