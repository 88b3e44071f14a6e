import type { Result } from '../result';
import { CHANNELS, type ChannelInput, type ChannelName, type ChannelOutput } from './contract';
import type { PushEventName, PushEvents } from './events';

type DomainOf<C> = C extends `${infer D}:${string}` ? D : never;
type VerbOf<C> = C extends `${string}:${infer V}` ? V : never;
type Domain = DomainOf<ChannelName>;

/** `window.portcullis`: one method per channel, grouped by domain. */
export type PortcullisApi = {
  [D in Domain]: {
    [C in Extract<ChannelName, `${D}:${string}`> as VerbOf<C>]: (
      input?: ChannelInput<C>,
    ) => Promise<Result<ChannelOutput<C>>>;
  };
} & {
  events: {
    /** Subscribes to a push event; returns the unsubscribe function. */
    on<E extends PushEventName>(event: E, listener: (payload: PushEvents[E]) => void): () => void;
  };
};

export type Invoke = (channel: ChannelName, input: unknown) => Promise<unknown>;
export type Subscribe = (listener: (event: PushEventName, payload: unknown) => void) => void;

/**
 * Builds the domain-grouped API from the contract. The preload passes ipcRenderer.invoke;
 * the browser test harness passes its binding. Nothing generic is exposed.
 */
export function buildApi(invoke: Invoke, subscribe: Subscribe): PortcullisApi {
  const api: Record<string, Record<string, (input?: unknown) => Promise<unknown>>> = {};
  for (const name of CHANNELS) {
    const [domain, verb] = name.split(':') as [string, string];
    api[domain] ??= {};
    api[domain][verb] = (input?: unknown) => invoke(name, input);
  }
  const listeners = new Map<PushEventName, Set<(payload: unknown) => void>>();
  subscribe((event, payload) => {
    listeners.get(event)?.forEach((l) => {
      l(payload);
    });
  });
  const events: PortcullisApi['events'] = {
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      const l = listener as (payload: unknown) => void;
      set.add(l);
      return () => set.delete(l);
    },
  };
  return Object.freeze({ ...api, events: Object.freeze(events) }) as unknown as PortcullisApi;
}
