import type { z } from 'zod';
import type { Db } from '../../db/connection';
import type { SettingsRepository } from '../../db/repositories/settings.repository';
import type { Keychain } from '../../adapters/keychain.port';
import {
  accountServicesSchema,
  mailSettingsSchema,
  smsSettingsSchema,
  type AccountServices,
  type MailSettings,
  type SmsSettings,
} from '../../../../shared/domain/delivery';

/** Keychain entries for delivery credentials; named per database instance so test runs never share them. */
export type SecretName = 'smtp-password' | 'sms-twilio-token' | 'sms-webhook-token';

/**
 * Reads and writes the delivery settings: SMTP and SMS gateway settings as JSON in the settings
 * table, their credentials in the OS keychain (never the database), and the account services.
 */
export class DeliveryConfig {
  constructor(
    private readonly db: Db,
    private readonly settings: SettingsRepository,
    private readonly keychain: Keychain,
    private readonly instanceId: string,
  ) {}

  async mail(): Promise<MailSettings> {
    return parseOr(mailSettingsSchema, await this.settings.get('mail'));
  }
  async sms(): Promise<SmsSettings> {
    return parseOr(smsSettingsSchema, await this.settings.get('sms'));
  }
  /** Account services; pass `db` to read inside a transaction. */
  async services(db: Db = this.db): Promise<AccountServices> {
    const row = await db
      .selectFrom('settings')
      .select('value')
      .where('key', '=', 'services')
      .executeTakeFirst();
    return parseOr(accountServicesSchema, row ? (JSON.parse(row.value) as unknown) : undefined);
  }

  async saveMail(value: MailSettings, now: string, db?: Db): Promise<void> {
    await this.settings.set('mail', mailSettingsSchema.parse(value), now, db);
  }
  async saveSms(value: SmsSettings, now: string, db?: Db): Promise<void> {
    await this.settings.set('sms', smsSettingsSchema.parse(value), now, db);
  }
  async saveServices(value: AccountServices, now: string, db?: Db): Promise<void> {
    await this.settings.set('services', accountServicesSchema.parse(value), now, db);
  }

  /** Uses one SMS from the account's allowance (never below zero); call in the send's transaction. */
  async consumeSms(now: string, db: Db): Promise<void> {
    const s = await this.services(db);
    await this.saveServices({ ...s, smsAvailable: Math.max(0, s.smsAvailable - 1) }, now, db);
  }

  async secret(name: SecretName): Promise<string | null> {
    return this.keychain.get(this.account(name));
  }
  /** Stores (non-empty) or deletes (empty string) a credential in the keychain. */
  async setSecret(name: SecretName, value: string): Promise<void> {
    if (value === '') await this.keychain.delete(this.account(name));
    else await this.keychain.set(this.account(name), value);
  }

  private account(name: SecretName): string {
    return `${name}:${this.instanceId}`;
  }
}

function parseOr<S extends z.ZodType>(schema: S, stored: unknown): z.output<S> {
  const parsed = schema.safeParse(stored ?? {});
  return parsed.success ? parsed.data : schema.parse({});
}
