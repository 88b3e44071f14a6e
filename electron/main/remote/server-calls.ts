import type { ChannelName } from '../../../shared/ipc/contract';
import type { Result } from '../../../shared/result';
import type { Caller } from '../ipc/pipeline';
import type { HttpAnswer } from './transport';

/** What the export and key-file relays ask of a RemoteDirectory, as one window. */
export interface ServerCalls {
  /** Relays one directory channel as `caller` (its session token, its user agent). */
  call(caller: Caller, channel: ChannelName, payload: unknown): Promise<Result<unknown>>;
  /** `GET path` with the window's session; null when the window holds none (or the relay is closed). */
  get(caller: Caller, path: string): Promise<HttpAnswer | null>;
  /** True when the window holds a session on the server (it signed in through this relay). */
  signedIn(caller: Caller): boolean;
  /** The server's address, for messages. */
  readonly origin: string;
}
