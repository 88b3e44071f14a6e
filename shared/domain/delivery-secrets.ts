import type { MailSettings, SmsSettings } from './delivery';

/** Mail settings a stored SMTP password is bound to. */
export type MailSecretField = 'host' | 'port' | 'user' | 'security' | 'allowSelfSigned';

/**
 * The changes that would send the stored SMTP password somewhere else (or expose it on the way):
 * another server, port or user name, encryption turned off, self-signed certificates accepted.
 * Main refuses them unless the password is typed again; the settings tab says so beforehand.
 */
export function mailSecretMoves(before: MailSettings, after: MailSettings): MailSecretField[] {
  const moved: MailSecretField[] = [];
  if (before.host.trim().toLowerCase() !== after.host.trim().toLowerCase()) moved.push('host');
  if (before.port !== after.port) moved.push('port');
  if (before.user.trim() !== after.user.trim()) moved.push('user');
  if (before.security !== 'none' && after.security === 'none') moved.push('security');
  if (!before.allowSelfSigned && after.allowSelfSigned) moved.push('allowSelfSigned');
  return moved;
}

/** Which stored SMS token would go to a new place: Twilio's address or SID, the webhook's URL or header. */
export function smsSecretMoves(
  before: SmsSettings,
  after: SmsSettings,
): { twilio: boolean; webhook: boolean } {
  return {
    twilio:
      before.twilioBaseUrl.trim() !== after.twilioBaseUrl.trim() ||
      before.twilioAccountSid.trim() !== after.twilioAccountSid.trim(),
    webhook:
      before.webhookUrl.trim() !== after.webhookUrl.trim() ||
      before.webhookHeader.trim() !== after.webhookHeader.trim(),
  };
}
