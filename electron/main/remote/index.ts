import type { CallDispatcher } from './dispatcher';
import { loadConnection } from './connection';
import { localDirectory, remoteDirectory, type ChosenDirectory, type RelayOptions } from './switchable';

export type { CallDispatcher } from './dispatcher';
export { RemoteDirectory } from './remote-directory';
export { CertificateChangedError, probeCertificate, type CertificateFacts } from './transport';
export * from './connection';
export {
  SwitchableDispatcher,
  localDirectory,
  remoteDirectory,
  type ChosenDirectory,
  type RelayOptions,
} from './switchable';

/**
 * Chooses from the saved connection in the user-data folder: none -> the local pipeline as today;
 * a team server -> a RemoteDirectory in front of it (the local pipeline keeps the desktop channels).
 * A damaged connection file throws a ConnectionError whose message says what to do.
 */
export function chooseDirectory(
  userDataDir: string,
  local: CallDispatcher,
  o: RelayOptions,
): ChosenDirectory {
  const connection = loadConnection(userDataDir);
  return connection ? remoteDirectory(connection, local, o) : localDirectory(local);
}
