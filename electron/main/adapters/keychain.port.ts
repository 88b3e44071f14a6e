/** The OS keychain: where the data key and service credentials live, never the database. */
export interface Keychain {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}

/** Thrown when no keychain can be reached; the app and CLI stop with its message. */
export class KeychainUnavailableError extends Error {
  constructor(cause: string) {
    super(
      `No OS keychain is reachable, and Portcullis keeps its encryption key there (${cause}). ` +
        'On Linux, install and unlock a Secret Service provider: as root `apt-get install gnome-keyring libsecret-1-0`, ' +
        'then run Portcullis inside a desktop session (or under `scripts/with-keyring.sh`). ' +
        'On Windows and macOS the system keychain is used automatically.',
    );
    this.name = 'KeychainUnavailableError';
  }
}
