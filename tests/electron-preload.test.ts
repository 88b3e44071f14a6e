/**
 * The preload: window.portcullis built from the contract, against a fake 'electron' module.
 */

import { beforeEach, describe, expect, it, vi } from 'vitest';
import { contextBridge, ipcRenderer, resetFakeElectron } from './support/fake-electron';
import { CHANNELS } from '../shared/ipc/contract';
import type { PortcullisApi } from '../shared/ipc/api';
import { PUSH_CHANNEL } from '../shared/ipc/events';
// Loads the mocked 'electron' once before vi.resetModules(), so the preload and this file share
// one fake (the mock registry survives resetModules; a first load after it would be a copy).
import 'electron';

vi.mock('electron', () => import('./support/fake-electron'));

beforeEach(() => {
  resetFakeElectron();
});

describe('preload', () => {
  beforeEach(async () => {
    vi.resetModules();
    await import('../electron/preload/index');
  });

  /** What the preload exposed as window.portcullis. */
  function exposedApi(): PortcullisApi {
    const [entry] = contextBridge.exposed;
    if (!entry) throw new Error('The preload exposed nothing.');
    return entry.api as PortcullisApi;
  }

  /** `{ domain: [verbs] }` of an object, sorted, for shape comparisons. */
  function shapeOf(value: object): Record<string, string[]> {
    return Object.fromEntries(
      Object.entries(value)
        .map(([key, inner]: [string, unknown]) => {
          expect(typeof inner, key).toBe('object');
          const members = Object.entries(inner as object);
          for (const [name, fn] of members) expect(typeof fn, `${key}.${name}`).toBe('function');
          return [key, members.map(([name]) => name).sort()] as const;
        })
        .sort(([a], [b]) => a.localeCompare(b)),
    );
  }

  it('exposes exactly one API, as window.portcullis', () => {
    expect(contextBridge.exposed.map((e) => e.key)).toEqual(['portcullis']);
  });

  it('exposes exactly the contract, grouped by domain, plus events and nothing generic', () => {
    const expected: Record<string, string[]> = { events: ['on'] };
    for (const name of CHANNELS) {
      const [domain, verb] = name.split(':') as [string, string];
      (expected[domain] ??= []).push(verb);
    }
    for (const verbs of Object.values(expected)) verbs.sort();
    expect(shapeOf(exposedApi())).toEqual(expected);
  });

  it('calls ipcRenderer.invoke with the channel and input, and returns its answer', async () => {
    const answer = { ok: false, code: 'invalid_credentials', message: 'no' };
    ipcRenderer.reply = (channel) => (channel === 'auth:signIn' ? answer : undefined);
    await expect(exposedApi().auth.signIn({ login: 'a', password: 'b' })).resolves.toBe(answer);
    expect(ipcRenderer.invoked).toEqual([{ channel: 'auth:signIn', args: [{ login: 'a', password: 'b' }] }]);
  });

  it('maps every verb to its own channel and passes the input through unchanged', async () => {
    const api = exposedApi() as unknown as Record<
      string,
      Record<string, (input: unknown) => Promise<unknown>>
    >;
    for (const name of CHANNELS) {
      const [domain, verb] = name.split(':') as [string, string];
      const method = api[domain]?.[verb];
      expect(method, name).toBeTypeOf('function');
      await method?.({ marker: name });
      expect(ipcRenderer.invoked.at(-1), name).toEqual({ channel: name, args: [{ marker: name }] });
    }
    expect(ipcRenderer.invoked).toHaveLength(CHANNELS.length);
    await exposedApi().auth.me();
    expect(ipcRenderer.invoked.at(-1)).toEqual({ channel: 'auth:me', args: [undefined] });
  });

  it('listens only on the push channel and delivers its events to api.events listeners', () => {
    expect(ipcRenderer.eventNames()).toEqual([PUSH_CHANNEL]);
    expect(ipcRenderer.listenerCount(PUSH_CHANNEL)).toBe(1);
    const received: unknown[] = [];
    const off = exposedApi().events.on('session:ended', (payload) => received.push(payload));

    ipcRenderer.deliver('some:other-channel', { event: 'session:ended', payload: { reason: 'expired' } });
    ipcRenderer.deliver(PUSH_CHANNEL, { event: 'session:ended', payload: { reason: 'revoked' } });
    expect(received).toEqual([{ reason: 'revoked' }]);

    off();
    ipcRenderer.deliver(PUSH_CHANNEL, { event: 'session:ended', payload: { reason: 'signed_out' } });
    expect(received).toEqual([{ reason: 'revoked' }]);
  });
});
