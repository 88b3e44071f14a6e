import nodemailer, { type Transporter } from 'nodemailer';
import type { MailSettings } from '../../../../shared/domain/delivery';
import { DeliveryError, type Mailer, type OutgoingEmail } from './mailer.port';

interface SmtpFailure {
  code?: string;
  responseCode?: number;
  response?: string;
  command?: string;
  message?: string;
}

/** Turns a nodemailer/socket error into a sentence an operator can act on. */
export function describeSmtpError(e: unknown, s: Pick<MailSettings, 'host' | 'port'>): string {
  const f = (e ?? {}) as SmtpFailure;
  const where = `${s.host}:${s.port}`;
  const server = f.response ? ` The server said: ${f.response.trim()}` : '';
  const code = /ECONNREFUSED|ENOTFOUND|ETIMEDOUT/.exec(f.message ?? '')?.[0] ?? f.code;
  switch (code) {
    case 'ECONNREFUSED':
      return `Could not connect to the mail server at ${where}: the connection was refused.`;
    case 'ENOTFOUND':
    case 'EDNS':
      return `The mail server name "${s.host}" could not be found.`;
    case 'ETIMEDOUT':
    case 'ESOCKET':
      if (/certificate|self.signed|SSL|TLS|wrong version/i.test(f.message ?? ''))
        return `A secure connection to ${where} could not be made: ${f.message ?? 'TLS error'}.`;
      return `The connection to ${where} failed: ${f.message ?? 'socket error'}.`;
    case 'EAUTH':
      return `The mail server rejected the user name or password.${server}`;
    case 'ETLS':
      return `The mail server at ${where} does not offer a secure connection (STARTTLS).${server}`;
    case 'EENVELOPE':
      return `The mail server refused the sender or recipient.${server}`;
    case 'EMESSAGE':
      return `The mail server refused the message.${server}`;
    default:
      return `Sending failed${f.message ? `: ${f.message}` : '.'}${server && !f.message?.includes(f.response ?? '') ? server : ''}`;
  }
}

/** Email over SMTP through nodemailer: plain, STARTTLS (required) or implicit TLS. */
export class SmtpMailer implements Mailer {
  private readonly transport: Transporter;

  constructor(
    private readonly settings: MailSettings,
    password: string | null,
  ) {
    if (!settings.host)
      throw new DeliveryError('No mail server is set up: enter the SMTP host in Settings.', false);
    if (!settings.from)
      throw new DeliveryError('No sender address is set up: enter the From address in Settings.', false);
    this.transport = nodemailer.createTransport({
      pool: true,
      maxConnections: 1,
      host: settings.host,
      port: settings.port,
      secure: settings.security === 'tls',
      requireTLS: settings.security === 'starttls',
      ignoreTLS: settings.security === 'none',
      auth: settings.user ? { user: settings.user, pass: password ?? '' } : undefined,
      tls: { rejectUnauthorized: !settings.allowSelfSigned },
      connectionTimeout: 10_000,
      greetingTimeout: 10_000,
      socketTimeout: 30_000,
    });
  }

  async send(m: OutgoingEmail): Promise<void> {
    try {
      await this.transport.sendMail({
        from: { name: this.settings.fromName, address: this.settings.from },
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: m.messageId,
      });
    } catch (e) {
      throw new DeliveryError(describeSmtpError(e, this.settings));
    }
  }

  close(): void {
    this.transport.close();
  }
}
