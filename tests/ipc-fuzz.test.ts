import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, contract } from '../shared/ipc/contract';
import { ROLES, type Role } from '../shared/domain/roles';
import { ERROR_CODES } from '../shared/result';
import {
  databaseBytes,
  removeDir,
  snapshotDb,
  startServices,
  windowCaller,
  type TestApp,
} from './support/services';
import { malformedPayloads } from './support/fuzz-payloads';
import { handlerTable } from './support/fuzz-runner';

const PASSWORD = 'fuzzing is fun and long';

/**
 * Schema rejection: payloads each channel's own zod schema refuses never get past the parse step,
 * for any role. No handler runs here; tests/ipc-property-fuzz.test.ts sends schema-valid
 * payloads that do reach the handlers.
 */
describe('IPC schema rejection of malformed payloads: every channel, every role and no session', () => {
  let app: TestApp;
  const callers: { who: Role | 'no session'; key: string }[] = [{ who: 'no session', key: 'anon' }];

  beforeAll(async () => {
    app = await startServices();
    const { auth, users } = app.container.services;
    const { caller: owner } = windowCaller('role:owner');
    await auth.createOwnerAccount(
      { username: 'owner', displayName: 'Owner', email: 'owner@example.com', password: PASSWORD },
      owner.client,
    );
    for (const role of ROLES) {
      if (role !== 'owner')
        await users.create(
          {
            username: role,
            displayName: role,
            email: `${role}@example.com`,
            phone: null,
            role,
            canChangePassword: true,
            canSendSms: false,
            password: PASSWORD,
          },
          null,
          owner.client,
        );
      const key = `role:${role}`;
      const r = await app.container.pipeline.dispatch(windowCaller(key).caller, 'auth:signIn', {
        login: role,
        password: PASSWORD,
      });
      expect(r.ok, `sign in as ${role}`).toBe(true);
      callers.push({ who: role, key });
    }
  });

  afterAll(async () => {
    await app.close();
    removeDir(app.dir);
  });

  it('refuses every malformed payload at the schema with invalid_input, before any handler, and writes nothing', async () => {
    // Count handler calls: a malformed payload must stop at the schema, before any handler.
    let handlerCalls = 0;
    const handlers = handlerTable(app);
    for (const [name, handler] of Object.entries(handlers))
      handlers[name] = (input, ctx) => {
        handlerCalls++;
        return handler(input, ctx);
      };
    const rowsBefore = snapshotDb(app);
    const bytesBefore = databaseBytes(app.dbPath);
    let calls = 0;
    let payloadCount = 0;
    for (const name of CHANNELS) {
      const payloads = malformedPayloads(contract[name].input);
      expect(payloads.length, name).toBeGreaterThanOrEqual(100);
      payloadCount += payloads.length;
      for (const payload of payloads) {
        for (const { who, key } of callers) {
          const r = await app.container.pipeline.dispatch(windowCaller(key).caller, name, payload);
          calls++;
          if (r.ok || r.code !== 'invalid_input') {
            throw new Error(
              `${name} as ${who} answered ${JSON.stringify(r).slice(0, 200)} to ${(JSON.stringify(payload) as string | undefined)?.slice(0, 200)}`,
            );
          }
          expect(ERROR_CODES).toContain(r.code);
        }
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    expect(handlerCalls).toBe(0);
    expect(snapshotDb(app)).toBe(rowsBefore);
    expect(databaseBytes(app.dbPath).equals(bytesBefore)).toBe(true);
    console.log(
      `IPC schema rejection: ${CHANNELS.length} channels, ${payloadCount} malformed payloads, ${callers.length} callers (${callers.map((c) => c.who).join(', ')}), ${calls} calls, all refused with invalid_input, ${handlerCalls} handler calls, database unchanged`,
    );
    // The main side keeps serving afterwards.
    const me = await app.container.pipeline.dispatch(windowCaller('role:owner').caller, 'auth:me', undefined);
    expect(me).toMatchObject({ ok: true, value: { username: 'owner' } });
  });

  it('refuses unknown channel names of any type', async () => {
    for (const name of [
      undefined,
      null,
      42,
      '',
      'constructor',
      '__proto__',
      'hasOwnProperty',
      'users:drop',
      {},
      ['auth:me'],
    ]) {
      const r = await app.container.pipeline.dispatch(windowCaller('anon').caller, name, {});
      expect(r).toMatchObject({ ok: false, code: 'unknown_channel' });
    }
  });
});
