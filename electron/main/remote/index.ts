import type { Logger } from '../adapters/logger';
import type { CallDispatcher } from './dispatcher';
import { loadConnection } from './connection';
import { RemoteDirectory } from './remote-directory';

export type { CallDispatcher } from './dispatcher';
export { RemoteDirectory } from './remote-directory';
export { CertificateChangedError, probeCertificate, type CertificateFacts } from './transport';
export * from './connection';

/** What the window's calls go to: this computer's database, or a team server (and which). */
export interface ChosenDirectory {
  dispatcher: CallDispatcher;
  /** The team server's address, or null for this computer's own database. */
  server: string | null;
  /** Closes the server connections (the app quits). */
  close(): void;
}

/**
 * Chooses from the saved connection in the user-data folder: none -> the local pipeline as today;
 * a team server -> a RemoteDirectory in front of it (the local pipeline keeps the desktop channels).
 * A damaged connection file throws a ConnectionError whose message says what to do.
 */
export function chooseDirectory(
  userDataDir: string,
  local: CallDispatcher,
  o: { isTrustedUrl: (url: string) => boolean; logger: Logger },
): ChosenDirectory {
  const connection = loadConnection(userDataDir);
  if (!connection) return { dispatcher: local, server: null, close: () => undefined };
  const remote = new RemoteDirectory(connection, local, o.isTrustedUrl, o.logger);
  return {
    dispatcher: remote,
    server: remote.origin,
    close: () => {
      remote.close();
    },
  };
}
