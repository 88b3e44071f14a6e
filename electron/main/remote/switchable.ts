import type { Result } from '../../../shared/result';
import type { FileDialog } from '../adapters/file-dialog.port';
import type { Logger } from '../adapters/logger';
import type { Caller } from '../ipc/pipeline';
import type { CallDispatcher } from './dispatcher';
import { RemoteDirectory } from './remote-directory';
import type { TeamServerConnection } from './connection';

/** What the window's calls go to: this computer's database, or a team server (and which). */
export interface ChosenDirectory {
  dispatcher: CallDispatcher;
  /** The team server's address, or null for this computer's own database. */
  server: string | null;
  /** Closes the server connections (the app quits, or another directory is chosen). */
  close(): void;
}

/** What a RemoteDirectory needs besides the connection. */
export interface RelayOptions {
  isTrustedUrl: (url: string) => boolean;
  logger: Logger;
  /** This computer's save dialog: exports and the public key file from the server are saved here. */
  fileDialog?: FileDialog;
}

/** This computer's own directory: every call to the local pipeline. */
export function localDirectory(local: CallDispatcher): ChosenDirectory {
  return { dispatcher: local, server: null, close: () => undefined };
}

/** A team server as the directory: directory channels relayed, desktop channels to `local`. */
export function remoteDirectory(
  connection: TeamServerConnection,
  local: CallDispatcher,
  o: RelayOptions,
): ChosenDirectory {
  const remote = new RemoteDirectory(
    connection,
    local,
    o.isTrustedUrl,
    o.logger,
    undefined,
    o.fileDialog ?? null,
  );
  return {
    dispatcher: remote,
    server: remote.origin,
    close: () => {
      remote.close();
    },
  };
}

/**
 * The dispatcher the IPC registration holds for the app's whole life; `use` or `connect` changes
 * where the windows' calls go without restarting (first run: "Connect to a team server"). A
 * switch signs every window out of the previous directory (its session there is forgotten and its
 * event stream closed); calls still in flight finish against the previous one.
 */
export class SwitchableDispatcher implements CallDispatcher {
  private current: ChosenDirectory;
  /** Windows that called since the last switch (their state in the old directory is forgotten on a switch). */
  private readonly seen = new Set<string>();
  private readonly listeners = new Set<(server: string | null) => void>();

  constructor(
    initial: ChosenDirectory,
    /** The desktop pipeline (desktop channels; this computer's own directory). */
    private readonly local: CallDispatcher,
    private readonly o: RelayOptions,
  ) {
    this.current = initial;
  }

  /** The team server the windows are connected to now, or null for this computer's own database. */
  get server(): string | null {
    return this.current.server;
  }

  dispatch(caller: Caller, channel: unknown, payload: unknown): Promise<Result<unknown>> {
    this.seen.add(caller.key);
    return this.current.dispatcher.dispatch(caller, channel, payload);
  }

  forget(callerKey: string): void {
    this.seen.delete(callerKey);
    this.current.dispatcher.forget(callerKey);
  }

  /** From now on every call goes to `next`; the previous directory forgets the windows and is closed. */
  use(next: ChosenDirectory): void {
    const previous = this.current;
    if (previous === next) return;
    this.current = next;
    for (const key of this.seen) previous.dispatcher.forget(key);
    this.seen.clear();
    previous.close();
    for (const listener of this.listeners) listener(next.server);
  }

  /** Relays directory channels to this team server from now on (checked again; throws a ConnectionError). */
  connect(connection: TeamServerConnection): void {
    this.use(remoteDirectory(connection, this.local, this.o));
  }

  /** Goes back to this computer's own database. */
  disconnect(): void {
    if (this.current.server !== null) this.use(localDirectory(this.local));
  }

  /** Calls `listener(server)` after each switch (the window may show the new directory). Returns the unsubscribe. */
  onChange(listener: (server: string | null) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Closes the current directory's server connections (the app quits). */
  close(): void {
    this.current.close();
  }
}
