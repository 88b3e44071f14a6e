import type { CodeDelivery, CodeRequest, EmailRequest, Messenger } from '../delivery/messenger.port';
import type { TestApp } from '../../../../tests/support/services';
import { windowCaller } from '../../../../tests/support/services';

/** A Messenger that remembers what would be sent; `smsWorks: false` makes SMS fall back to email. */
export class RecordingMessenger implements Messenger {
  readonly emails: EmailRequest[] = [];
  readonly codes: CodeRequest[] = [];
  smsWorks = true;
  /** Outbox ids whose SMS the gateway refused later (then emailed instead). */
  readonly gatewayFailed = new Set<number>();
  private nextId = 1;
  private readonly sent = new Map<number, CodeRequest>();

  queueEmail(_trx: unknown, request: EmailRequest): Promise<void> {
    this.emails.push(request);
    return Promise.resolve();
  }

  queueCode(_trx: unknown, request: CodeRequest): Promise<CodeDelivery> {
    this.codes.push(request);
    const messageId = this.nextId++;
    this.sent.set(messageId, request);
    if (request.via === 'sms' && this.smsWorks && request.user.canSendSms && request.phone)
      return Promise.resolve({ channel: 'sms', maskedTo: `***${request.phone.slice(-3)}`, messageId });
    const at = request.user.email.indexOf('@');
    return Promise.resolve({
      channel: 'email',
      maskedTo: `${request.user.email[0]}***${request.user.email.slice(at)}`,
      messageId,
      ...(request.via === 'sms' ? { fallbackReason: 'no_right' as const } : {}),
    });
  }

  codeDelivery(messageId: number): Promise<CodeDelivery | undefined> {
    const r = this.sent.get(messageId);
    if (!r) return Promise.resolve(undefined);
    if (this.gatewayFailed.has(messageId))
      return Promise.resolve({
        channel: 'email',
        maskedTo: 'm***@example.com',
        fallbackReason: 'gateway_error',
      });
    return Promise.resolve({
      channel: r.via,
      maskedTo: r.via === 'sms' ? '***' : 'm***@example.com',
      messageId,
    });
  }

  /** The gateway refuses the latest SMS after its retries. */
  failLatestSms(): void {
    this.gatewayFailed.add(this.nextId - 1);
  }

  lastCode(): string {
    const last = this.codes.at(-1);
    if (!last) throw new Error('No code was sent.');
    return last.code;
  }
}

/** Swaps the container's outbox for a RecordingMessenger (the services read it on use). */
export function recordMessages(app: TestApp): RecordingMessenger {
  const m = new RecordingMessenger();
  app.container.services.messenger = m as unknown as typeof app.container.services.messenger;
  return m;
}

/** An IPC caller for one window, with its push events. */
export function ipcWindow(app: TestApp, key: string, ip = '81.2.69.142') {
  const { caller, pushed } = windowCaller(key, {
    client: { ip, userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0.0.0' },
  });
  return {
    pushed,
    call: (channel: string, payload?: unknown) => app.container.pipeline.dispatch(caller, channel, payload),
  };
}
