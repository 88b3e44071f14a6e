import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { isLoopback } from '../server/options';

/** How the desktop trusts the server: a pinned certificate fingerprint, or a CA file, or (loopback only) plain HTTP. */
export type ServerTrust =
  { kind: 'pinned'; fingerprint256: string } | { kind: 'ca'; caFile: string } | { kind: 'none' };

/** A saved team server connection: the address and how its certificate is trusted. No credentials, no keys. */
export interface TeamServerConnection {
  url: string;
  trust: ServerTrust;
}

/** The connection file's name in the user-data folder. */
export const CONNECTION_FILE = 'team-server.json';

const FINGERPRINT = /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/;

const schema = z
  .object({
    url: z.string().max(2048),
    trust: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('pinned'), fingerprint256: z.string().regex(FINGERPRINT) }).strict(),
      z.object({ kind: z.literal('ca'), caFile: z.string().min(1).max(4096) }).strict(),
      z.object({ kind: z.literal('none') }).strict(),
    ]),
  })
  .strict();

/** A connection setting that cannot be used; the message says what to do. */
export class ConnectionError extends Error {}

/**
 * Checks a server address: https://host[:port] (no path, no credentials); http:// only for a
 * loopback host, where nothing crosses the network. Returns the normalised origin.
 */
export function parseServerUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    throw new ConnectionError(
      `"${text.slice(0, 200)}" is not a server address. Type it as https://host:port.`,
    );
  }
  if (url.username || url.password)
    throw new ConnectionError(
      'Leave the user name and password out of the server address; you sign in afterwards.',
    );
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new ConnectionError('The server address must start with https://.');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (url.protocol === 'http:' && !isLoopback(host))
    throw new ConnectionError(
      `Refusing plain http:// to ${host}: passwords and session tokens would cross the network in clear text. Use https://.`,
    );
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    throw new ConnectionError('Give only the server address (https://host:port), without a path.');
  return new URL(url.origin);
}

/** Validates a connection (address and trust fit together). */
export function checkConnection(c: TeamServerConnection): TeamServerConnection {
  const parsed = schema.safeParse(c);
  if (!parsed.success) throw new ConnectionError('The team server connection settings are not valid.');
  const url = parseServerUrl(parsed.data.url);
  if (url.protocol === 'https:' && parsed.data.trust.kind === 'none')
    throw new ConnectionError('An https:// server needs a pinned certificate fingerprint or a CA file.');
  if (url.protocol === 'http:' && parsed.data.trust.kind !== 'none')
    throw new ConnectionError('A plain http:// (loopback) server has no certificate to pin.');
  return { url: url.origin, trust: parsed.data.trust };
}

/**
 * Reads the saved connection from the user-data folder; null when there is none (this computer's
 * own database). A damaged or refused file throws a ConnectionError naming the file and what to do.
 */
export function loadConnection(userDataDir: string): TeamServerConnection | null {
  const file = join(userDataDir, CONNECTION_FILE);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
  const fix = `Delete ${file} and start Portcullis again, then connect to the team server again (or fix the file).`;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ConnectionError(`The saved team server connection is damaged. ${fix}`);
  }
  try {
    return checkConnection(data as TeamServerConnection);
  } catch (e) {
    throw new ConnectionError(`The saved team server connection is refused: ${(e as Error).message} ${fix}`);
  }
}

/** Saves the connection (address and trust only) atomically, readable by the user alone. */
export function saveConnection(userDataDir: string, c: TeamServerConnection): void {
  const checked = checkConnection(c);
  const file = join(userDataDir, CONNECTION_FILE);
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(checked, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
}
