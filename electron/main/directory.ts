import { existsSync, rmSync } from 'node:fs';
import { AppError } from '../../shared/result';
import { KeychainUnavailableError } from './adapters/keychain.port';
import type { Container } from './container';
import type { DirectoryAccess } from './ipc/directory-gate';
import type { Services } from './services/services';

/** How the app opens its directory, and what it does once it is open (background jobs, shell hooks). */
export interface DirectoryOptions {
  dbPath: string;
  /** Opens (creating if needed) the database and loads or creates its keychain data key. */
  open: () => Promise<Container>;
  /** Runs once, after opening and before any caller gets the services. */
  prepare?: (container: Container) => Promise<void>;
}

const SQLITE_COMPANIONS = ['', '-wal', '-shm', '-journal'];

/**
 * The directory of the desktop app, opened on first need. With no database file, nothing is
 * created until first-run setup calls `create()` (so reviewing an export on a fresh machine
 * leaves no database and no keychain entry); an existing file is opened by `existing()`.
 * Concurrent callers share one opening.
 */
export class Directory implements DirectoryAccess {
  private container: Container | null = null;
  private opening: Promise<Container> | null = null;
  private readonly listeners: ((services: Services) => void)[] = [];

  constructor(private readonly o: DirectoryOptions) {}

  /** True when the database file exists (or is open). */
  exists(): boolean {
    return this.container !== null || this.opening !== null || existsSync(this.o.dbPath);
  }

  /** The open container, if any (shutdown, tests). */
  current(): Container | null {
    return this.container;
  }

  async existing(): Promise<Services | null> {
    if (!this.exists()) return null;
    return (await this.open(false)).services;
  }

  async create(): Promise<Services> {
    return (await this.open(true)).services;
  }

  onOpen(listener: (services: Services) => void): void {
    this.listeners.push(listener);
    if (this.container) listener(this.container.services);
  }

  /** Stops background jobs and closes the database, if it was ever opened. */
  async close(): Promise<void> {
    const container = this.container ?? (await this.opening?.catch(() => null)) ?? null;
    this.container = null;
    await container?.close();
  }

  private open(creating: boolean): Promise<Container> {
    if (this.container) return Promise.resolve(this.container);
    this.opening ??= this.first(creating && !existsSync(this.o.dbPath)).finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async first(fresh: boolean): Promise<Container> {
    let container: Container;
    try {
      container = await this.o.open();
    } catch (e) {
      // A first set-up that failed leaves no half-made database behind.
      if (fresh) for (const suffix of SQLITE_COMPANIONS) rmSync(`${this.o.dbPath}${suffix}`, { force: true });
      if (e instanceof KeychainUnavailableError) throw new AppError('keychain_unavailable', e.message);
      throw e;
    }
    try {
      await this.o.prepare?.(container);
    } catch (e) {
      await container.close();
      throw e;
    }
    this.container = container;
    for (const listener of this.listeners) listener(container.services);
    return container;
  }
}
