import { SettingsRepository } from '../../electron/main/db/repositories/settings.repository';
import { MetaRepository } from '../../electron/main/db/repositories/meta.repository';
import { KeytarKeychain } from '../../electron/main/adapters/keytar.keychain';
import { DeliveryConfig } from '../../electron/main/services/delivery/delivery-config';
import type { AccountServices, SmsProvider } from '../../shared/domain/delivery';
import type { TestApp } from './services';
import type { TestSmtpServer } from './smtp-server';
import type { TestSmsGateway } from './sms-gateway';

/** The delivery settings store of a test app (same keychain service as startServices). */
export async function deliveryConfig(app: TestApp): Promise<DeliveryConfig> {
  const { db } = app.container.database;
  return new DeliveryConfig(
    db,
    new SettingsRepository(db),
    new KeytarKeychain('Portcullis-test'),
    await new MetaRepository(db).instanceId(),
  );
}

export interface DeliverySetup {
  smtp?: TestSmtpServer;
  sms?: TestSmsGateway;
  provider?: SmsProvider;
  services?: Partial<AccountServices>;
}

/**
 * Points a test app at the loopback servers (SMTP with STARTTLS + auth, SMS gateway) without
 * audit events, and sets the account services (default: SMS on with 100 messages, email on).
 */
export async function configureDelivery(app: TestApp, o: DeliverySetup): Promise<DeliveryConfig> {
  const config = await deliveryConfig(app);
  const now = app.clock.now().toISOString();
  if (o.smtp) {
    await config.saveMail(
      {
        host: '127.0.0.1',
        port: o.smtp.port,
        security: 'starttls',
        user: o.smtp.user,
        from: 'portcullis@example.com',
        fromName: 'Portcullis',
        allowSelfSigned: true,
      },
      now,
    );
    await config.setSecret('smtp-password', o.smtp.password);
  }
  if (o.sms) {
    await config.saveSms(
      {
        provider: o.provider ?? 'webhook',
        twilioAccountSid: o.sms.accountSid,
        twilioFrom: '+15005550006',
        twilioBaseUrl: o.sms.baseUrl,
        webhookUrl: o.sms.webhookUrl,
        webhookHeader: 'Authorization',
      },
      now,
    );
    await config.setSecret('sms-twilio-token', o.sms.authToken);
    await config.setSecret('sms-webhook-token', o.sms.webhookToken);
  }
  await config.saveServices({ smsEnabled: true, smsAvailable: 100, emailEnabled: true, ...o.services }, now);
  return config;
}
