import type { DesktopServices } from '../services/desktop';
import type { HandlerMap } from './handler';

type ConnectionChannel = Extract<keyof HandlerMap, `connection:${string}`>;

/** connection:* channels: this computer or a team server; no sign-in and no directory needed. */
export function connectionHandlers(s: DesktopServices): Pick<HandlerMap, ConnectionChannel> {
  return {
    'connection:probe': ({ url, caFile }) => s.connection.probe(url, caFile),
    'connection:save': (input) => s.connection.save(input),
    'connection:current': () => Promise.resolve(s.connection.current()),
    'connection:forget': () => s.connection.forget(),
    'connection:chooseCaFile': () => s.connection.chooseCaFile(),
  };
}
