import type { Language } from '../../../../shared/domain/language';
import type { CodePurpose, TemplateName } from './messenger.port';

/** Second-factor methods as stored ('totp', 'email', 'sms'). */
export type TwoFactorMethodName = 'totp' | 'email' | 'sms';

/**
 * Every string Portcullis puts in an email or SMS, one file per language (catalog.en.ts,
 * catalog.es.ts, catalog.ru.ts) with this shape, so a missing template is a type error.
 * `{key}` is filled from the template data; `{key|one:day|other:days}` picks the word for the
 * number's plural category (shared/domain/message-template.ts).
 */
export interface MessageCatalog {
  language: Language;
  appName: string;
  greeting: string;
  signOff: string;
  footer: string;
  purposes: Record<CodePurpose, string>;
  /** The `method` value of two_factor_enabled, in words. */
  methods: Record<TwoFactorMethodName, string>;
  /** Stands in for the location 'Unknown' (no place found for the IP address). */
  unknownLocation: string;
  templates: Record<TemplateName, { subject: string; lines: string[] }>;
  sms: { code: string; test: string };
}

/** The English catalogue. */
export const en: MessageCatalog = {
  language: 'en',
  appName: 'Portcullis',
  greeting: 'Hello {username},',
  signOff: '— Portcullis',
  footer: 'This message was sent automatically by Portcullis. Please do not reply.',
  purposes: {
    sign_in: 'sign in',
    enable_2fa: 'turn on two-factor authentication',
    regenerate_backup_codes: 'create new backup codes',
    disable_2fa: 'turn off two-factor authentication',
    verify_email: 'confirm this email address',
    verify_phone: 'confirm your phone number',
    reset_password: 'reset your password',
  },
  methods: { totp: 'authenticator app', email: 'codes by email', sms: 'codes by SMS' },
  unknownLocation: 'place unknown',
  templates: {
    verification_code: {
      subject: 'Your Portcullis verification code',
      lines: [
        'Your code to {purpose} is: {code}',
        'It expires in {minutes} {minutes|one:minute|other:minutes}. If you did not ask for it, you can ignore this message.',
      ],
    },
    password_changed: {
      subject: 'Your Portcullis password was changed',
      lines: [
        'The password of your account was changed on {at} from {ip} ({location}).',
        'If this was not you, contact your administrator at once.',
      ],
    },
    password_reset_code: {
      subject: 'Reset your Portcullis password',
      lines: [
        'Your password reset code is: {code}',
        'It expires in {minutes} {minutes|one:minute|other:minutes}. If you did not ask for a reset, contact your administrator.',
      ],
    },
    password_reset_not_allowed: {
      subject: 'Password reset request',
      lines: [
        'Someone asked to reset the password of your Portcullis account.',
        'Your account may not change its own password, so no code was sent. If you need a new password, contact your administrator.',
        'If you did not ask for this, you can ignore this message.',
      ],
    },
    two_factor_enabled: {
      subject: 'Two-factor authentication turned on',
      lines: ['Two-factor authentication ({method}) is now on for your account.'],
    },
    two_factor_disabled: {
      subject: 'Two-factor authentication turned off',
      lines: [
        'Two-factor authentication is now off for your account.',
        'If this was not you, change your password and contact your administrator.',
      ],
    },
    two_factor_disabled_by_admin: {
      subject: 'Two-factor authentication turned off by support',
      lines: [
        'Two-factor authentication was turned off for your account by support ({operator}).',
        'Reason given: {reason}',
        'You can turn it on again on your security page.',
      ],
    },
    backup_codes_regenerated: {
      subject: 'New backup codes were created',
      lines: [
        'New backup codes were created for your account; the old ones no longer work.',
        'If this was not you, contact your administrator.',
      ],
    },
    email_change_code: {
      subject: 'Confirm your new email address',
      lines: [
        'Your code to confirm this address is: {code}',
        'It expires in {minutes} {minutes|one:minute|other:minutes}.',
      ],
    },
    email_changed_notice: {
      subject: 'Your email address was changed',
      lines: [
        'The email address of your account was changed to {newEmail}.',
        'If this was not you, contact your administrator at once.',
      ],
    },
    email_changed_by_operator: {
      subject: 'Your email address was changed by an administrator',
      lines: [
        '{operator} changed the email address of your account to {newEmail}.',
        'Codes and messages for your account now go to the new address, not this one.',
        'If you did not ask for this, contact your administrator at once.',
      ],
    },
    blocking_notice: {
      subject: 'Your account will be blocked on {blockingDate}',
      lines: [
        'Your account will be blocked on {blockingDate} ({daysLeft} {daysLeft|one:day|other:days} from now).',
        'Contact your administrator if you need it for longer.',
      ],
    },
    test_email: {
      subject: 'Portcullis test email',
      lines: ['This is a test email sent by {operator} from the Portcullis mail settings.', 'It works!'],
    },
  },
  sms: {
    code: 'Portcullis code to {purpose}: {code}. Expires in {minutes} min.',
    test: 'Portcullis test message sent by {operator}: the SMS gateway works.',
  },
};
