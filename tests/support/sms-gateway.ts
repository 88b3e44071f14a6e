import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { codeIn } from './smtp-server';

/** One SMS the loopback gateway accepted. */
export interface ReceivedSms {
  to: string;
  body: string;
  provider: 'twilio' | 'webhook';
  from: string | null;
}

export interface SmsMatch {
  to?: string;
  timeoutMs?: number;
}

/**
 * A loopback HTTP server playing the SMS gateway in both shapes: Twilio's Messages API
 * (`/2010-04-01/Accounts/{sid}/Messages.json`, Basic auth, form body) and a JSON webhook
 * (`/webhook`, bearer token). `failWith(500)` makes it answer errors until `failWith(null)`.
 */
export class TestSmsGateway {
  readonly accountSid = 'AC00000000000000000000000000000001';
  readonly authToken = 'twilio-test-token-5b1c';
  readonly webhookToken = 'webhook-test-token-77e2';
  readonly messages: ReceivedSms[] = [];
  /** Every request, including refused ones. */
  requests = 0;
  port = 0;
  private failure: number | null = null;
  private server: Server | null = null;
  private consumed = new Set<ReceivedSms>();

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}`;
  }
  get webhookUrl(): string {
    return `${this.baseUrl}/webhook`;
  }

  /** Answers every request with `status` (e.g. 500) until called with null. */
  failWith(status: number | null): void {
    this.failure = status;
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      void this.handle(req, res);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.requests++;
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (this.failure !== null) {
      json(this.failure, { message: 'Gateway is having a bad day' });
      return;
    }
    const twilio = /^\/2010-04-01\/Accounts\/([^/]+)\/Messages\.json$/.exec(req.url ?? '');
    if (req.method === 'POST' && twilio) {
      const expected = `Basic ${Buffer.from(`${this.accountSid}:${this.authToken}`).toString('base64')}`;
      if (twilio[1] !== this.accountSid || req.headers.authorization !== expected) {
        json(401, { code: 20003, message: 'Authenticate', status: 401 });
        return;
      }
      const form = new URLSearchParams(raw);
      const sms: ReceivedSms = {
        to: form.get('To') ?? '',
        body: form.get('Body') ?? '',
        from: form.get('From'),
        provider: 'twilio',
      };
      this.messages.push(sms);
      json(201, { sid: `SM${this.messages.length}`, status: 'queued', to: sms.to });
      return;
    }
    if (req.method === 'POST' && req.url === '/webhook') {
      if (req.headers.authorization !== `Bearer ${this.webhookToken}`) {
        json(401, { error: 'bad token' });
        return;
      }
      const body = JSON.parse(raw) as { to?: string; body?: string };
      this.messages.push({ to: body.to ?? '', body: body.body ?? '', from: null, provider: 'webhook' });
      json(200, { ok: true });
      return;
    }
    json(404, { message: 'not found' });
  }

  /** Waits for the oldest matching SMS not returned before, and returns it. */
  async waitForMessage(m: SmsMatch = {}): Promise<ReceivedSms> {
    const deadline = Date.now() + (m.timeoutMs ?? 10_000);
    for (;;) {
      const found = this.messages.find((x) => !this.consumed.has(x) && (!m.to || x.to === m.to));
      if (found) {
        this.consumed.add(found);
        return found;
      }
      if (Date.now() > deadline)
        throw new Error(`No SMS ${JSON.stringify(m)} within the time limit; got ${this.messages.length}.`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Waits for the next SMS to `to` and returns the code in it. */
  async waitForCode(m: SmsMatch): Promise<string> {
    return codeIn((await this.waitForMessage(m)).body);
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (!s) return;
    const closed = new Promise<void>((resolve) =>
      s.close(() => {
        resolve();
      }),
    );
    s.closeAllConnections();
    await closed;
  }
}

/** Starts a loopback SMS gateway. */
export async function startSmsGateway(): Promise<TestSmsGateway> {
  return new TestSmsGateway().start();
}
