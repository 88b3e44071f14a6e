import type { Mailer } from '../../adapters/mail/mailer.port';
import { DeliveryError } from '../../adapters/mail/mailer.port';
import { SmtpMailer } from '../../adapters/mail/smtp.mailer';
import type { SmsSender } from '../../adapters/sms/sms-sender.port';
import { TwilioSmsSender } from '../../adapters/sms/twilio.sms';
import { WebhookSmsSender } from '../../adapters/sms/webhook.sms';
import type { MailSettings, SmsSettings } from '../../../../shared/domain/delivery';
import type { DeliveryConfig } from './delivery-config';

/** Builds the mail and SMS adapters from the current settings and keychain credentials. */
export class Transports {
  constructor(private readonly config: DeliveryConfig) {}

  /** An SMTP mailer for `settings` (default: the saved ones); throws DeliveryError when not set up. */
  async mailer(settings?: MailSettings, password?: string | null): Promise<Mailer> {
    const s = settings ?? (await this.config.mail());
    const pass = password !== undefined ? password : await this.config.secret('smtp-password');
    return new SmtpMailer(s, pass);
  }

  /** The SMS gateway for `settings` (default: the saved ones). */
  async sms(
    settings?: SmsSettings,
    tokens?: { twilio?: string | null; webhook?: string | null },
  ): Promise<SmsSender> {
    const s = settings ?? (await this.config.sms());
    switch (s.provider) {
      case 'twilio':
        return new TwilioSmsSender({
          baseUrl: s.twilioBaseUrl,
          accountSid: s.twilioAccountSid,
          from: s.twilioFrom,
          authToken:
            tokens?.twilio !== undefined ? tokens.twilio : await this.config.secret('sms-twilio-token'),
        });
      case 'webhook':
        return new WebhookSmsSender({
          url: s.webhookUrl,
          header: s.webhookHeader,
          token:
            tokens?.webhook !== undefined ? tokens.webhook : await this.config.secret('sms-webhook-token'),
        });
      case 'none':
        return {
          send: () => Promise.reject(new DeliveryError('No SMS gateway is set up.', false)),
        };
    }
  }
}
