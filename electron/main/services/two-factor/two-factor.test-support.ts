import type { CodeDelivery, CodeRequest, EmailRequest, Messenger } from '../delivery/messenger.port';
import { expect } from 'vitest';
import type { Result } from '../../../../shared/result';
import type { TestApp } from '../../../../tests/support/services';
import { startServices, windowCaller } from '../../../../tests/support/services';
import { closeApp, liveValue, perTest } from '../../../../tests/support/per-test';
import { OWNER, person } from '../../../../tests/support/people';
import { totpCode } from '../../security/totp';

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

export { OWNER };

/** The member whose 2FA the stories set up. */
export const MIKE = person('mike', 'Mike Member', 'a long member password');
/** A user with the support role. */
export const SUE = person('sue', 'Sue Support', 'a long support password');

/** The value of an ok Result (fails the test otherwise). */
export function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`Expected ok, got ${r.code}: ${r.message}`);
  return r.value as T;
}

/** Real services with the owner, Mike (member) and Sue (support); mail goes to a recorder. */
export async function startTwoFactorApp(): Promise<{ app: TestApp; mail: RecordingMessenger }> {
  const app = await startServices();
  const mail = recordMessages(app);
  const owner = ipcWindow(app, 'owner');
  value(await owner.call('auth:createOwner', OWNER));
  value(await owner.call('users:create', { ...MIKE, role: 'member', mustChangePassword: false }));
  value(await owner.call('users:create', { ...SUE, role: 'support', mustChangePassword: false }));
  return { app, mail };
}

/** The stories' shared steps, on the app of the running test. */
export function twoFactorSteps(app: () => TestApp) {
  const now = () => app().clock.now().getTime();
  const audit = () =>
    app()
      .container.database.sqlite.prepare(
        'SELECT code, actor_name, subject_name, details FROM audit_events ORDER BY id',
      )
      .all() as { code: string; actor_name: string | null; subject_name: string | null; details: string }[];

  async function signIn(key: string, who: { username: string; password: string }) {
    const w = ipcWindow(app(), key);
    const r = value<{ status: string; method?: string }>(
      await w.call('auth:signIn', { login: who.username, password: who.password }),
    );
    return { w, r };
  }

  /** Mike enables the authenticator app; returns the secret and the backup codes. */
  async function enableTotp() {
    const { w } = await signIn('mike-setup', MIKE);
    const setup = value<{ key: string; accountName: string; qrDataUrl: string }>(
      await w.call('twoFactor:startTotp'),
    );
    expect(setup.accountName).toBe('mike');
    expect(setup.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const secret = setup.key.replace(/ /g, '');
    const wrong = await w.call('twoFactor:confirm', { code: '000000' });
    expect(wrong).toMatchObject({ ok: false, code: 'invalid_code' });
    const { backupCodes } = value<{ backupCodes: string[] }>(
      await w.call('twoFactor:confirm', { code: await totpCode(secret, now()) }),
    );
    return { w, secret, backupCodes };
  }
  return { now, audit, signIn, enableTotp };
}

/** A fresh startTwoFactorApp() for each test of the enclosing describe, with the stories' steps on it. */
export function twoFactorPerTest() {
  const world = perTest(startTwoFactorApp, ({ app }) => closeApp(app));
  const app = liveValue(() => world.value.app);
  return { app, mail: liveValue(() => world.value.mail), ...twoFactorSteps(() => app) };
}
