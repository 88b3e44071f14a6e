import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type AddressObject } from 'mailparser';

/** One message the loopback SMTP server accepted. */
export interface ReceivedMail {
  to: string;
  from: string;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  /** Whether the session had been upgraded with STARTTLS (or was implicit TLS). */
  secure: boolean;
  /** The user name the client authenticated with, if any. */
  user: string | null;
}

export interface MailMatch {
  to?: string;
  subjectIncludes?: string;
  timeoutMs?: number;
}

let certCache: { key: Buffer; cert: Buffer } | undefined;
/** A throwaway self-signed certificate for localhost, made with openssl at test time. */
export function selfSignedCert(): { key: Buffer; cert: Buffer } {
  if (certCache) return certCache;
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-cert-'));
  const key = join(dir, 'key.pem');
  const cert = join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  if (!existsSync(cert)) throw new Error('openssl did not create the test certificate.');
  certCache = { key: readFileSync(key), cert: readFileSync(cert) };
  return certCache;
}

/** First 6–8 digit run in a text: the one-time code of a Portcullis message. */
export function codeIn(text: string): string {
  const m = /\b(\d{6,8})\b/.exec(text);
  if (!m?.[1]) throw new Error(`No code in message: ${text.slice(0, 200)}`);
  return m[1];
}

function firstAddress(a: AddressObject | AddressObject[] | undefined): string {
  const list = Array.isArray(a) ? a : a ? [a] : [];
  return list.flatMap((x) => x.value).map((v) => v.address ?? '')[0] ?? '';
}

/**
 * A real SMTP server on 127.0.0.1 with STARTTLS (self-signed) and AUTH PLAIN/LOGIN, collecting
 * parsed messages. `down()`/`up()` simulate an outage on the same port.
 */
export class TestSmtpServer {
  readonly user = 'portcullis';
  readonly password = 'smtp-test-password-9f3a';
  readonly messages: ReceivedMail[] = [];
  port = 0;
  /** Times a client tried to authenticate with a wrong password. */
  rejectedLogins = 0;
  /** Holds each message this long before accepting it (a slow server). */
  delayMs = 0;
  private server: SMTPServer | null = null;
  private consumed = new Set<ReceivedMail>();
  private waiters: (() => void)[] = [];

  /** Starts on a free port (or the port it had before an outage). */
  async up(): Promise<this> {
    const { key, cert } = selfSignedCert();
    const server = new SMTPServer({
      key,
      cert,
      secure: false,
      authMethods: ['PLAIN', 'LOGIN'],
      logger: false,
      disabledCommands: [],
      onAuth: (auth, _session, cb) => {
        if (auth.username === this.user && auth.password === this.password) {
          cb(null, { user: auth.username });
          return;
        }
        this.rejectedLogins++;
        cb(new Error('Invalid username or password'));
      },
      onData: (stream, session, cb) => {
        simpleParser(stream)
          .then(async (mail) => {
            if (this.delayMs) await new Promise((r) => setTimeout(r, this.delayMs));
            this.messages.push({
              to: firstAddress(mail.to),
              from: firstAddress(mail.from),
              subject: mail.subject ?? '',
              text: mail.text ?? '',
              html: typeof mail.html === 'string' ? mail.html : '',
              messageId: mail.messageId ?? '',
              secure: session.secure,
              user: typeof session.user === 'string' ? session.user : null,
            });
            for (const w of this.waiters.splice(0)) w();
            cb();
          })
          .catch((e: unknown) => {
            cb(e as Error);
          });
      },
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        resolve();
      });
    });
    server.on('error', () => undefined);
    this.port = (server.server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  /** Stops listening (connections are refused until `up()`). */
  async down(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s)
      await new Promise<void>((resolve) => {
        s.close(() => {
          resolve();
        });
      });
  }

  /** Messages matching, in arrival order. */
  find(m: MailMatch = {}): ReceivedMail[] {
    return this.messages.filter(
      (x) =>
        (!m.to || x.to.toLowerCase() === m.to.toLowerCase()) &&
        (!m.subjectIncludes || x.subject.includes(m.subjectIncludes)),
    );
  }

  /** Waits for the oldest matching message not returned before, and returns it. */
  async waitForMessage(m: MailMatch = {}): Promise<ReceivedMail> {
    const deadline = Date.now() + (m.timeoutMs ?? 10_000);
    for (;;) {
      const found = this.find(m).find((x) => !this.consumed.has(x));
      if (found) {
        this.consumed.add(found);
        return found;
      }
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `No email ${JSON.stringify(m)} within the time limit; got ${this.messages.length}: ${this.messages.map((x) => `${x.to} "${x.subject}"`).join(', ')}`,
        );
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(left, 250));
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits for the next message to `to` and returns the code in it. */
  async waitForCode(m: MailMatch): Promise<string> {
    return codeIn((await this.waitForMessage(m)).text);
  }

  async stop(): Promise<void> {
    await this.down();
  }
}

/** Starts a loopback SMTP server. */
export async function startSmtpServer(): Promise<TestSmtpServer> {
  return new TestSmtpServer().up();
}
