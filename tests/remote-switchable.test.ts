/**
 * SwitchableDispatcher (electron/main/remote/switchable.ts): the running shell moves between this
 * computer's directory and a team server without a restart; every window is signed out of the
 * directory it leaves, and the server's event stream for it is closed.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { KeyFileKeychain } from '../electron/main/adapters/key-file.keychain';
import { MemoryLogger } from '../electron/main/adapters/logger';
import {
  chooseDirectory,
  remoteDirectory,
  ConnectionError,
  SwitchableDispatcher,
  type TeamServerConnection,
} from '../electron/main/remote';
import { startFreshMachine, type FreshMachine } from './support/fresh-machine';
import { OWNER, person } from './support/people';
import { APP_ORIGIN, removeDir, tempDir, windowCaller } from './support/services';
import { callApi, signInHttp, startTestServer, type TestServer } from './support/team-server';

/** The owner of the desktop's own (local) directory: someone else than the server's owner. */
const LOCAL_OWNER = person('lena', 'Lena Local', 'a local directory password');

describe('SwitchableDispatcher', () => {
  let serverDir: string;
  let t: TestServer;
  let machine: FreshMachine;
  let server: TeamServerConnection;

  beforeAll(async () => {
    serverDir = tempDir('portcullis-switch-');
    t = await startTestServer({ keychain: new KeyFileKeychain(join(serverDir, 'server-keys.json')) });
    server = { url: t.url, trust: { kind: 'none' } };
    machine = startFreshMachine();
  });
  afterAll(async () => {
    await machine.close();
    await t.close();
    removeDir(serverDir);
  });

  it('local -> team server -> local: calls follow the switch, windows are signed out of what they leave, the old stream is closed', async () => {
    const o = { isTrustedUrl: (u: string) => u.startsWith(`${APP_ORIGIN}/`), logger: new MemoryLogger() };
    // No saved connection: this computer's own directory.
    const relay = new SwitchableDispatcher(
      chooseDirectory(machine.userDataDir, machine.pipeline, o),
      machine.pipeline,
      o,
    );
    const changes: (string | null)[] = [];
    relay.onChange((s) => changes.push(s));
    const { caller: w, pushed } = windowCaller('wc:1');
    expect(relay.server).toBeNull();
    expect(await relay.dispatch(w, 'auth:createOwner', LOCAL_OWNER)).toMatchObject({ ok: true });
    expect(await relay.dispatch(w, 'auth:me', {})).toMatchObject({
      ok: true,
      value: { username: LOCAL_OWNER.username },
    });

    // Connected: the same window now talks to the server, signed out, and signs in there.
    relay.connect(server);
    expect(relay.server).toBe(t.url);
    expect(await relay.dispatch(w, 'auth:me', {})).toEqual({ ok: true, value: null });
    expect(
      await relay.dispatch(w, 'auth:signIn', { login: OWNER.username, password: OWNER.password }),
    ).toMatchObject({ ok: true, value: { status: 'signed_in' } });
    expect(await relay.dispatch(w, 'auth:me', {})).toMatchObject({
      ok: true,
      value: { username: OWNER.username },
    });
    // Desktop channels stay local whichever directory is chosen.
    expect(await relay.dispatch(w, 'review:trustedSigners', {})).toEqual({ ok: true, value: [] });

    // Back to this computer: the local session was forgotten at the first switch.
    relay.disconnect();
    expect(relay.server).toBeNull();
    expect(await relay.dispatch(w, 'auth:me', {})).toEqual({ ok: true, value: null });
    expect(changes).toEqual([t.url, null]);
    // The server session the window left is still alive there, but nothing listens for it now:
    // revoking it reaches a control window on another desktop and pushes nothing to this one.
    const control = remoteDirectory(server, machine.pipeline, o);
    const { caller: c, pushed: controlPushed } = windowCaller('wc:control');
    expect(
      await control.dispatcher.dispatch(c, 'auth:signIn', {
        login: OWNER.username,
        password: OWNER.password,
      }),
    ).toMatchObject({ ok: true });
    const token = await signInHttp(t.url, OWNER.username, OWNER.password);
    expect((await callApi(t.url, 'sessions:revokeOthers', {}, { token })).body).toMatchObject({ ok: true });
    await vi.waitFor(() => {
      expect(controlPushed).toEqual([{ event: 'session:ended', payload: { reason: 'revoked' } }]);
    });
    control.close();
    // Connecting again does not bring the old server session back.
    relay.connect(server);
    expect(await relay.dispatch(w, 'auth:me', {})).toEqual({ ok: true, value: null });
    expect(pushed).toEqual([]);
    relay.close();
  });

  it('a refused connection throws a ConnectionError and leaves the current directory in place', async () => {
    const o = { isTrustedUrl: (u: string) => u.startsWith(`${APP_ORIGIN}/`), logger: new MemoryLogger() };
    const relay = new SwitchableDispatcher(
      chooseDirectory(machine.userDataDir, machine.pipeline, o),
      machine.pipeline,
      o,
    );
    const listener = vi.fn();
    relay.onChange(listener);
    for (const bad of [
      { url: 'http://10.0.0.5:8080', trust: { kind: 'none' } },
      { url: 'https://directory.example', trust: { kind: 'none' } },
      { url: t.url, trust: { kind: 'pinned', fingerprint256: 'AB' } },
    ] as TeamServerConnection[]) {
      expect(() => {
        relay.connect(bad);
      }, bad.url).toThrow(ConnectionError);
    }
    expect(relay.server).toBeNull();
    expect(listener).not.toHaveBeenCalled();
    const { caller } = windowCaller('wc:2');
    expect(await relay.dispatch(caller, 'auth:needsSetup', {})).toEqual({
      ok: true,
      value: { needsSetup: false }, // the local directory the first test created
    });
    relay.close();
  });

  it('a sign-in still on its way when the window switches away is not kept (no session, no event stream)', async () => {
    const o = { isTrustedUrl: (u: string) => u.startsWith(`${APP_ORIGIN}/`), logger: new MemoryLogger() };
    const relay = new SwitchableDispatcher(remoteDirectory(server, machine.pipeline, o), machine.pipeline, o);
    const { caller: w, pushed } = windowCaller('wc:3');
    const signIn = relay.dispatch(w, 'auth:signIn', { login: OWNER.username, password: OWNER.password });
    relay.disconnect();
    expect(await signIn).toMatchObject({
      ok: false,
      code: 'provider_unavailable',
      message: expect.stringContaining('directory changed') as unknown,
    });
    relay.connect(server);
    expect(await relay.dispatch(w, 'auth:me', {})).toEqual({ ok: true, value: null });
    expect(pushed).toEqual([]);
    relay.close();
  });
});
