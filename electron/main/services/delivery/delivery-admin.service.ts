import type { Db } from '../../db/connection';
import type { Clock } from '../../adapters/clock';
import { DeliveryError } from '../../adapters/mail/mailer.port';
import { AppError } from '../../../../shared/result';
import type { AuditService } from '../audit/audit.service';
import type { Actor, ClientInfo } from '../context';
import type { AuditCode } from '../../../../shared/domain/audit-catalog';
import {
  mailSettingsSchema,
  smsSettingsSchema,
  type AccountServices,
  type MailSettings,
  type MailSettingsView,
  type SmsSettings,
  type SmsSettingsView,
  type TestSendResult,
} from '../../../../shared/domain/delivery';
import {
  mailSecretMoves,
  smsSecretMoves,
  type MailSecretField,
} from '../../../../shared/domain/delivery-secrets';
import type { DeliveryConfig, SecretName } from './delivery-config';
import { catalogFor, renderEmail, renderTestSms } from './render';
import { languageOf } from '../../db/repositories/user-language.sql';
import type { Transports } from './transports';

/** How the refusal names each change that would move the SMTP password. */
const MOVED: Record<MailSecretField, string> = {
  host: 'server',
  port: 'port',
  user: 'user name',
  security: 'encryption turned off',
  allowSelfSigned: 'self-signed certificates accepted',
};

/** A secret field from a form: undefined keeps the stored one, '' removes it. */
type SecretInput = string | undefined;

/** The Settings pages for mail, SMS gateway and account services (docs/product.md F6, F8). */
export class DeliveryAdminService {
  constructor(
    private readonly db: Db,
    private readonly config: DeliveryConfig,
    private readonly transports: Transports,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async mail(): Promise<MailSettingsView> {
    return {
      ...(await this.config.mail()),
      hasPassword: (await this.config.secret('smtp-password')) !== null,
    };
  }

  /** Saves SMTP settings; the password goes to the OS keychain. */
  async saveMail(
    input: MailSettings & { password?: SecretInput },
    actor: Actor,
    client: ClientInfo,
  ): Promise<MailSettingsView> {
    const { password, ...settings } = input;
    // The stored password goes only where it was typed for: a new server asks for it again.
    const moved = mailSecretMoves(await this.config.mail(), mailSettingsSchema.parse(settings));
    if (password === undefined && moved.length > 0 && (await this.stored('smtp-password')))
      throw new AppError(
        'invalid_input',
        `Enter the SMTP password again to save this change (${moved.map((m) => MOVED[m]).join(', ')}). The stored password is only sent to the server it was entered for.`,
        { field: 'password', changed: moved.join(','), rule: 'smtp_password_again' },
      );
    if (password !== undefined) await this.config.setSecret('smtp-password', password);
    await this.audited(
      'settings.mail:updated',
      actor,
      client,
      { passwordChanged: password !== undefined },
      (trx, now) => this.config.saveMail(settings, now, trx),
    );
    return this.mail();
  }

  /** Sends a test email right away (in the operator's language) with the saved settings; the server's error in plain words. */
  async testMail(to: string, actor: Actor): Promise<TestSendResult> {
    try {
      const catalog = catalogFor(await languageOf(this.db, actor.id));
      const mailer = await this.transports.mailer();
      try {
        await mailer.send({ to, ...renderEmail('test_email', { operator: actor.username }, catalog) });
      } finally {
        mailer.close();
      }
      return { ok: true, message: `The test email was accepted by the mail server for ${to}.` };
    } catch (e) {
      return { ok: false, message: e instanceof DeliveryError ? e.message : (e as Error).message };
    }
  }

  async sms(): Promise<SmsSettingsView> {
    return {
      ...(await this.config.sms()),
      hasTwilioToken: (await this.config.secret('sms-twilio-token')) !== null,
      hasWebhookToken: (await this.config.secret('sms-webhook-token')) !== null,
    };
  }

  /** Saves the SMS gateway; its tokens go to the OS keychain. */
  async saveSms(
    input: SmsSettings & { twilioAuthToken?: SecretInput; webhookToken?: SecretInput },
    actor: Actor,
    client: ClientInfo,
  ): Promise<SmsSettingsView> {
    const { twilioAuthToken, webhookToken, ...settings } = input;
    // Stored tokens go only to the gateway they were typed for: a new address asks for them again.
    const moved = smsSecretMoves(await this.config.sms(), smsSettingsSchema.parse(settings));
    if (moved.twilio && twilioAuthToken === undefined && (await this.stored('sms-twilio-token')))
      throw new AppError(
        'invalid_input',
        'Enter the Twilio auth token again to save a new API address or account SID. The stored token is only sent to the gateway it was entered for.',
        { field: 'twilioAuthToken', rule: 'twilio_token_again' },
      );
    if (moved.webhook && webhookToken === undefined && (await this.stored('sms-webhook-token')))
      throw new AppError(
        'invalid_input',
        'Enter the webhook token again to save a new webhook URL or header. The stored token is only sent to the gateway it was entered for.',
        { field: 'webhookToken', rule: 'webhook_token_again' },
      );
    if (twilioAuthToken !== undefined) await this.config.setSecret('sms-twilio-token', twilioAuthToken);
    if (webhookToken !== undefined) await this.config.setSecret('sms-webhook-token', webhookToken);
    await this.audited('settings.sms:updated', actor, client, { provider: settings.provider }, (trx, now) =>
      this.config.saveSms(settings, now, trx),
    );
    return this.sms();
  }

  /** Sends a test SMS right away through the saved gateway (does not use the allowance). */
  async testSms(to: string, actor: Actor): Promise<TestSendResult> {
    try {
      const catalog = catalogFor(await languageOf(this.db, actor.id));
      const sender = await this.transports.sms();
      await sender.send(to, renderTestSms(actor.username, catalog));
      return { ok: true, message: `The SMS gateway accepted the test message for ${to}.` };
    } catch (e) {
      return { ok: false, message: e instanceof DeliveryError ? e.message : (e as Error).message };
    }
  }

  async services(): Promise<AccountServices> {
    return this.config.services();
  }

  /** Changes the account services (owner only, checked by the contract). */
  async updateServices(input: AccountServices, actor: Actor, client: ClientInfo): Promise<AccountServices> {
    const before = await this.config.services();
    await this.audited('settings.services:updated', actor, client, { before, after: input }, (trx, now) =>
      this.config.saveServices(input, now, trx),
    );
    return this.config.services();
  }

  private async stored(name: SecretName): Promise<boolean> {
    return (await this.config.secret(name)) !== null;
  }

  private async audited(
    code: AuditCode,
    actor: Actor,
    client: ClientInfo,
    details: Record<string, unknown>,
    change: (trx: Db, now: string) => Promise<void>,
  ): Promise<void> {
    const location = await this.audit.locate(client);
    const at = this.clock.now();
    await this.db.transaction().execute(async (trx) => {
      await change(trx, at.toISOString());
      await this.audit.record(
        trx,
        { code, at, actor, subject: null, client, sessionId: actor.sessionId, details },
        location,
      );
    });
  }
}
