import { DeliveryError } from '../mail/mailer.port';
import type { SmsSender } from './sms-sender.port';
import { postToGateway } from './http';

/** A generic JSON webhook: POST {"to","body"} with a token header. */
export class WebhookSmsSender implements SmsSender {
  constructor(private readonly o: { url: string; header: string; token: string | null }) {}

  async send(to: string, body: string): Promise<void> {
    if (!this.o.url) throw new DeliveryError('The SMS webhook needs a URL.', false);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.o.token) {
      const header = this.o.header || 'Authorization';
      headers[header] = header.toLowerCase() === 'authorization' ? `Bearer ${this.o.token}` : this.o.token;
    }
    await postToGateway('SMS webhook', this.o.url, { headers, body: JSON.stringify({ to, body }) });
  }
}
