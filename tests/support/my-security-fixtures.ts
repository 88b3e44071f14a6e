import type {
  Messenger,
  EmailRequest,
  TemplateName,
} from '../../electron/main/services/delivery/messenger.port';
import type { Role } from '../../shared/domain/roles';
import { windowCaller, type TestApp } from './services';
import { OWNER } from './people';

/** A messenger that records what would go to the outbox. */
export function recordingMessenger() {
  const emails: EmailRequest[] = [];
  const messenger: Messenger = {
    queueEmail<T extends TemplateName>(_trx: unknown, request: EmailRequest<T>) {
      emails.push(request);
      return Promise.resolve();
    },
    queueCode: () => Promise.resolve({ channel: 'email', maskedTo: 'x***@example.com' }),
    codeDelivery: () => Promise.resolve(undefined),
  };
  return { emails, messenger };
}

/** Puts a recording messenger in place of the outbox (unit tests only). */
export function useRecordingMessenger(app: TestApp) {
  const rec = recordingMessenger();
  Object.assign(app.container.services, { messenger: rec.messenger });
  return rec;
}

export { OWNER };

/** Creates the owner and, optionally, a user with `role`. */
export async function seedUsers(
  app: TestApp,
  extra?: { username: string; role: Role; password: string; canChangePassword?: boolean },
) {
  const client = { ip: '127.0.0.1', userAgent: 'test' };
  await app.container.services.auth.createOwnerAccount(OWNER, client);
  if (extra)
    await app.container.services.users.create(
      {
        username: extra.username,
        displayName: extra.username,
        email: `${extra.username}@example.com`,
        phone: null,
        role: extra.role,
        canChangePassword: extra.canChangePassword ?? true,
        canSendSms: false,
        password: extra.password,
      },
      null,
      client,
    );
}

/** A window signed in as `login`; `call` sends IPC as that window, `pushed` collects push events. */
export async function signedInWindow(
  app: TestApp,
  key: string,
  login: string,
  password: string,
  ip = '81.2.69.142',
) {
  const w = windowCaller(key, { client: { ip, userAgent: windowCaller(key).caller.client.userAgent } });
  const call = (channel: string, payload?: unknown) =>
    app.container.pipeline.dispatch(w.caller, channel, payload);
  const r = await call('auth:signIn', { login, password });
  if (!r.ok) throw new Error(`sign-in failed: ${r.message}`);
  return { call, pushed: w.pushed };
}
