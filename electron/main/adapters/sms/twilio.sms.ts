import { DeliveryError } from '../mail/mailer.port';
import type { SmsSender } from './sms-sender.port';
import { postToGateway } from './http';

/** Twilio's Messages API (and compatible gateways): form-encoded POST with Basic auth. */
export class TwilioSmsSender implements SmsSender {
  constructor(
    private readonly o: { baseUrl: string; accountSid: string; authToken: string | null; from: string },
  ) {}

  async send(to: string, body: string): Promise<void> {
    const { baseUrl, accountSid, authToken, from } = this.o;
    if (!accountSid || !authToken || !from)
      throw new DeliveryError(
        'The Twilio gateway needs an account SID, an auth token and a From number.',
        false,
      );
    const url = `${baseUrl.replace(/\/+$/, '')}/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/Messages.json`;
    await postToGateway('SMS gateway', url, {
      headers: {
        authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ To: to, From: from, Body: body }).toString(),
    });
  }
}
