import { constants } from 'node:fs';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { dirname, join, basename } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Keychain } from './keychain.port';

/** The key file cannot be used: missing rights, readable by others, or damaged. */
export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

/**
 * Refuses a key file (or its folder) that anyone but its owner can reach, and one owned by another
 * account: the data key and the audit signing key must be readable by the service user only.
 */
async function assertPrivate(path: string): Promise<boolean> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new KeyFileError(`The key file ${path} cannot be read: ${(e as Error).message}.`);
  }
  if (!info.isFile()) throw new KeyFileError(`The key file ${path} is not a regular file.`);
  if ((info.mode & 0o077) !== 0)
    throw new KeyFileError(
      `The key file ${path} can be read by other accounts (mode ${(info.mode & 0o777).toString(8)}). ` +
        `It holds the directory's keys: run \`chmod 600 ${path}\` as its owner, then start again.`,
    );
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid)
    throw new KeyFileError(
      `The key file ${path} belongs to another account (uid ${info.uid}); run the server as that account or \`chown\` the file to the service user.`,
    );
  return true;
}

/**
 * The keychain of a headless server: a JSON file `{ "<account>": "<secret>" }` readable only by the
 * service user (mode 600), created on first use. Writes (a new data key, a rotated signing key)
 * replace the file atomically. Same interface as the OS keychain (keychain.port.ts).
 */
export class KeyFileKeychain implements Keychain {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  /** Checks the file now (rights, owner, JSON), so `serve` refuses to start rather than fail later. */
  async check(): Promise<void> {
    await this.read();
  }

  private async read(): Promise<Record<string, string>> {
    if (!(await assertPrivate(this.path))) return {};
    const text = await readFile(this.path, 'utf8');
    if (text.trim() === '') return {};
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new KeyFileError(`The key file ${this.path} is not valid JSON; restore it from its backup.`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
      throw new KeyFileError(`The key file ${this.path} must hold one JSON object of names to secrets.`);
    const out: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
    return out;
  }

  private async write(entries: Record<string, string>): Promise<void> {
    const tmp = join(dirname(this.path), `.${basename(this.path)}.${randomBytes(6).toString('hex')}.tmp`);
    const handle = await open(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
    try {
      await handle.writeFile(`${JSON.stringify(entries, null, 2)}\n`, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await rename(tmp, this.path);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw e;
    }
  }

  /** Runs writes one at a time, so two new keys in a row both land in the file. */
  private serial<T>(op: () => Promise<T>): Promise<T> {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => undefined);
    return next;
  }

  async get(account: string): Promise<string | null> {
    await this.queue;
    return (await this.read())[account] ?? null;
  }

  set(account: string, secret: string): Promise<void> {
    return this.serial(async () => {
      const entries = await this.read();
      entries[account] = secret;
      await this.write(entries);
    });
  }

  delete(account: string): Promise<boolean> {
    return this.serial(async () => {
      const entries = new Map(Object.entries(await this.read()));
      if (!entries.delete(account)) return false;
      await this.write(Object.fromEntries(entries));
      return true;
    });
  }
}
