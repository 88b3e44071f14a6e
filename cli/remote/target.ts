import { readFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { CliError, EXIT } from '../io';

/** Where the CLI sends channel calls when it talks to a team server, and with which token. */
export interface RemoteTarget {
  /** The server's base URL, without a trailing slash (https://host:8443). */
  base: string;
  /** The bearer token from PORTCULLIS_TOKEN (an API token `pcl_…` or a session token). */
  token: string;
  /** PEM certificates of a private certificate authority (--ca); the system roots otherwise. */
  ca?: Buffer;
}

/** What the global options say: --server and --ca as typed. */
export interface RemoteOptions {
  server?: string;
  ca?: string;
}

/** True for hosts that never leave the machine: 127.0.0.0/8, ::1 and "localhost". */
export function isLoopbackHost(host: string): boolean {
  const h = (host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host).toLowerCase();
  if (h === 'localhost') return true;
  if (isIP(h) === 4) return h.startsWith('127.');
  return h === '::1' || h.startsWith('::ffff:127.');
}

/** Checks the server URL: https (or http on loopback only), no credentials, path or query. */
export function parseServerUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new CliError(
      `--server "${raw}" is not a URL. Example: --server https://portcullis.example.org:8443`,
      EXIT.usage,
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new CliError(`--server must be an https:// URL (got ${url.protocol}).`, EXIT.usage);
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname))
    throw new CliError(
      `--server ${url.origin} is plain http:// on another machine: the token and every answer would cross the network unencrypted. Use https:// (with --ca FILE for a private certificate authority); http:// is allowed on loopback (127.0.0.1, ::1, localhost) only.`,
      EXIT.usage,
    );
  if (url.username || url.password)
    throw new CliError(
      '--server must not carry a user name or password; the token goes in PORTCULLIS_TOKEN.',
      EXIT.usage,
    );
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash)
    throw new CliError(`--server is the server's base URL only, e.g. ${url.origin}`, EXIT.usage);
  return url.origin;
}

/** The token from PORTCULLIS_TOKEN, checked for shape (never printed). */
export function tokenFromEnv(env: NodeJS.ProcessEnv): string {
  const token = env.PORTCULLIS_TOKEN?.trim() ?? '';
  if (token === '')
    throw new CliError(
      "No token: set PORTCULLIS_TOKEN to an API token (create one with 'portcullis token create' on the server, or on My security in the app). It is read from the environment only, never from the command line.",
      EXIT.environment,
    );
  if (token.length > 1024 || !/^[\x21-\x7e]+$/.test(token))
    throw new CliError(
      'PORTCULLIS_TOKEN does not look like a token (printable characters, no spaces, at most 1024). Copy it again from where it was created.',
      EXIT.environment,
    );
  return token;
}

function readCa(path: string): Buffer {
  try {
    const pem = readFileSync(path);
    if (!pem.toString('utf8').includes('-----BEGIN CERTIFICATE-----'))
      throw new CliError(`--ca ${path} holds no PEM certificate (-----BEGIN CERTIFICATE-----).`, EXIT.usage);
    return pem;
  } catch (e) {
    if (e instanceof CliError) throw e;
    throw new CliError(`--ca ${path} cannot be read: ${(e as Error).message}`, EXIT.usage);
  }
}

/**
 * The team server to use, or null to work on a local database: --server, else PORTCULLIS_SERVER.
 * The token comes from PORTCULLIS_TOKEN only.
 */
export function resolveTarget(o: RemoteOptions, env: NodeJS.ProcessEnv = process.env): RemoteTarget | null {
  const fromEnv = env.PORTCULLIS_SERVER?.trim() ?? '';
  const raw = o.server ?? (fromEnv === '' ? undefined : fromEnv);
  if (raw === undefined) {
    if (o.ca !== undefined) throw new CliError('--ca is for --server (a team server) only.', EXIT.usage);
    return null;
  }
  const base = parseServerUrl(raw);
  const ca = o.ca === undefined ? undefined : readCa(o.ca);
  return { base, token: tokenFromEnv(env), ...(ca ? { ca } : {}) };
}

/**
 * Refuses a token on the command line (`--token X`, `--token=X`): other users of the machine see
 * every process's arguments (ps, /proc), and shells keep them in their history.
 */
export function refuseTokenArgument(argv: readonly string[]): void {
  if (argv.some((a) => a === '--token' || a.startsWith('--token=')))
    throw new CliError(
      'A token is never given on the command line (other users can read it in the process list and it stays in the shell history). Put it in the environment instead: export PORTCULLIS_TOKEN=… (or read it from a file: PORTCULLIS_TOKEN="$(cat token-file)").',
      EXIT.usage,
    );
}
