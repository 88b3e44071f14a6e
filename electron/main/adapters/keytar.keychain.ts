import { KeychainUnavailableError, type Keychain } from './keychain.port';

interface Keytar {
  getPassword(service: string, account: string): Promise<string | null>;
  setPassword(service: string, account: string, password: string): Promise<void>;
  deletePassword(service: string, account: string): Promise<boolean>;
}

const SERVICE = 'Portcullis';

/** The OS keychain through keytar (libsecret, Keychain Services, Credential Manager). */
export class KeytarKeychain implements Keychain {
  private keytar: Keytar | undefined;

  constructor(private readonly service: string = SERVICE) {}

  private async load(): Promise<Keytar> {
    if (this.keytar) return this.keytar;
    try {
      // keytar is an optional native module: load it lazily so a missing build gives our message.
      const mod = (await import('keytar')) as Keytar & { default?: Keytar };
      this.keytar = mod.default ?? mod;
      return this.keytar;
    } catch (e) {
      throw new KeychainUnavailableError(
        `the keytar module could not load: ${(e as Error).message.split('\n')[0] ?? ''}; on Linux it is built from source and needs libsecret-1-dev, then \`npm rebuild keytar\``,
      );
    }
  }

  private async call<T>(op: (k: Keytar) => Promise<T>): Promise<T> {
    const keytar = await this.load();
    try {
      return await op(keytar);
    } catch (e) {
      throw new KeychainUnavailableError((e as Error).message);
    }
  }

  get(account: string): Promise<string | null> {
    return this.call((k) => k.getPassword(this.service, account));
  }
  set(account: string, secret: string): Promise<void> {
    return this.call((k) => k.setPassword(this.service, account, secret));
  }
  delete(account: string): Promise<boolean> {
    return this.call((k) => k.deletePassword(this.service, account));
  }
}
