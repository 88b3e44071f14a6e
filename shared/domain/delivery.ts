import { z } from 'zod';

/** Outgoing mail, SMS gateway and account services settings (docs/product.md F6, F8). Secrets live in the keychain. */

export const MAIL_SECURITY = ['none', 'starttls', 'tls'] as const;
export type MailSecurity = (typeof MAIL_SECURITY)[number];

/** SMTP settings as stored (no password: that is in the OS keychain). */
export const mailSettingsSchema = z.object({
  host: z.string().trim().max(253).default(''),
  port: z.number().int().min(1).max(65535).default(587),
  security: z.enum(MAIL_SECURITY).default('starttls'),
  user: z.string().trim().max(254).default(''),
  from: z.string().trim().max(254).default(''),
  fromName: z.string().trim().max(128).default('Portcullis'),
  /** Accept a self-signed server certificate (private relays, tests). */
  allowSelfSigned: z.boolean().default(false),
});
export type MailSettings = z.infer<typeof mailSettingsSchema>;
/** What the settings page sees: never the password, only whether one is stored. */
export type MailSettingsView = MailSettings & { hasPassword: boolean };

export const SMS_PROVIDERS = ['none', 'twilio', 'webhook'] as const;
export type SmsProvider = (typeof SMS_PROVIDERS)[number];

/** SMS gateway settings as stored (tokens are in the OS keychain). */
export const smsSettingsSchema = z.object({
  provider: z.enum(SMS_PROVIDERS).default('none'),
  twilioAccountSid: z.string().trim().max(64).default(''),
  twilioFrom: z.string().trim().max(32).default(''),
  twilioBaseUrl: z.string().trim().max(500).default('https://api.twilio.com'),
  webhookUrl: z.string().trim().max(500).default(''),
  webhookHeader: z.string().trim().max(64).default('Authorization'),
});
export type SmsSettings = z.infer<typeof smsSettingsSchema>;
export type SmsSettingsView = SmsSettings & { hasTwilioToken: boolean; hasWebhookToken: boolean };

/** Account services (docs/product.md source page S0): SMS messages with a counter, and e-mail notifications. */
export const accountServicesSchema = z.object({
  smsEnabled: z.boolean().default(false),
  smsAvailable: z.number().int().min(0).max(10_000_000).default(0),
  emailEnabled: z.boolean().default(true),
});
export type AccountServices = z.infer<typeof accountServicesSchema>;

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed', 'cancelled'] as const;
export type OutboxStatusName = (typeof OUTBOX_STATUSES)[number];

/** One outbox row as the admin sees it; one-time codes are always masked. */
export interface OutboxItemView {
  id: number;
  createdAt: string;
  channel: 'email' | 'sms';
  recipient: string;
  template: string;
  subject: string;
  text: string;
  status: OutboxStatusName;
  attempts: number;
  maxAttempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
}

/** Counts per status for the outbox tabs. */
export type OutboxCounts = Record<OutboxStatusName, number>;

/** The answer of "Send test": delivered, or the server's error in plain words. */
export interface TestSendResult {
  ok: boolean;
  message: string;
}

/** Where a one-time code went, for the on-screen notice ("we emailed the code to a***@example.com"). */
export interface CodeDeliveryView {
  channel: 'email' | 'sms';
  maskedTo: string;
  fallbackReason?: 'service_off' | 'no_messages_left' | 'no_right' | 'gateway_error' | 'no_phone';
  messageId?: number;
}
