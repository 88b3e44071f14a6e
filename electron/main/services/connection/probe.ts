import { checkServerIdentity, connect as tlsConnect } from 'node:tls';
import { AppError } from '../../../../shared/result';
import type { ErrorCode } from '../../../../shared/result';
import type { ServerProbe } from '../../../../shared/ipc/contracts/connection.contract';
import { ConnectionError, parseServerUrl, type ServerTrust } from '../../remote/connection';
import { CertificateChangedError, readBody, ServerTransport } from '../../remote/transport';

/** Why a connection step failed, for the window to say in its language (details.reason). */
export type ConnectionFailure =
  | 'address'
  | 'unreachable'
  | 'timeout'
  | 'tls'
  | 'not_portcullis'
  | 'certificate_changed'
  | 'ca_file'
  | 'ca_untrusted'
  | 'no_folder'
  | 'switch_failed';

/** An AppError whose details name the reason (and, for a changed certificate, both fingerprints). */
export function connectionError(
  code: ErrorCode,
  reason: ConnectionFailure,
  message: string,
  details: Record<string, string> = {},
): AppError {
  return new AppError(code, message, { reason, ...details });
}

/** The certificate a server presented, read without trusting it. */
export type CertificateFacts = NonNullable<ServerProbe['certificate']>;

/** Parses a typed address; a refused one becomes invalid_input with reason 'address'. */
export function serverAddress(text: string): URL {
  try {
    return parseServerUrl(text);
  } catch (e) {
    if (e instanceof ConnectionError) throw connectionError('invalid_input', 'address', e.message);
    throw e;
  }
}

function networkError(origin: string, e: unknown): AppError {
  if (e instanceof AppError) return e;
  const code = (e as NodeJS.ErrnoException).code ?? '';
  if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN', 'ECONNRESET'].includes(code))
    return connectionError(
      'provider_unavailable',
      'unreachable',
      `Nothing answered at ${origin}${code ? ` (${code})` : ''}. Check the address and that the server runs, then try again.`,
      { code },
    );
  return connectionError(
    'provider_unavailable',
    'tls',
    `${origin} did not answer as an https:// server (${e instanceof Error ? e.message.slice(0, 200) : String(e)}). Check the address and port.`,
  );
}

const timedOut = (origin: string, ms: number): AppError =>
  connectionError(
    'provider_unavailable',
    'timeout',
    `${origin} did not answer within ${Math.round(ms / 1000)} s. Check the address and the network, then try again.`,
  );

/**
 * Connects once over TLS, trusting nothing and sending nothing, and reads the server's
 * certificate; with `ca` also whether that CA vouches for the server (chain and host name).
 */
export function readCertificate(url: URL, o: { timeoutMs: number; ca?: Buffer }): Promise<CertificateFacts> {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const isIp = /^[\d.]+$/.test(host) || host.includes(':');
  return new Promise((resolve, reject) => {
    const socket = tlsConnect({
      host,
      port: Number(url.port || 443),
      rejectUnauthorized: false,
      ...(isIp ? {} : { servername: host }),
      ...(o.ca ? { ca: o.ca } : {}),
    });
    socket.setTimeout(o.timeoutMs, () => {
      socket.destroy(timedOut(url.origin, o.timeoutMs));
    });
    socket.once('error', (e) => {
      reject(networkError(url.origin, e));
    });
    socket.once('secureConnect', () => {
      const c = socket.getPeerCertificate();
      const authorized = socket.authorized;
      socket.end();
      if (!c.fingerprint256) {
        reject(connectionError('provider_unavailable', 'tls', `${url.origin} presented no certificate.`));
        return;
      }
      const now = Date.now();
      resolve({
        fingerprint256: c.fingerprint256,
        subject: String(c.subject.CN ?? ''),
        issuer: String(c.issuer.CN ?? ''),
        validFrom: new Date(c.valid_from).toISOString(),
        validTo: new Date(c.valid_to).toISOString(),
        current: Date.parse(c.valid_from) <= now && now <= Date.parse(c.valid_to),
        caTrusted: o.ca ? authorized && checkServerIdentity(host, c) === undefined : null,
      });
    });
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, origin: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(timedOut(origin, ms));
    }, ms);
  });
  return Promise.race([p, limit]).finally(() => {
    clearTimeout(timer);
  });
}

async function getJson(t: ServerTransport, path: string, maxBytes: number): Promise<unknown> {
  const a = await t.send('GET', path, { accept: 'application/json' });
  const text = await readBody(a.res, maxBytes);
  if (a.status !== 200) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/**
 * Asks GET /health (and /openapi.json for the name and version) through a transport that trusts
 * exactly `trust`: a certificate other than the pinned one is refused before anything is sent.
 */
export async function askServer(
  url: URL,
  trust: ServerTrust,
  timeoutMs: number,
): Promise<Pick<ServerProbe, 'healthy' | 'server'>> {
  const t = new ServerTransport({ url: url.origin, trust });
  try {
    const health = await withTimeout(getJson(t, '/health', 64 * 1024), timeoutMs, url.origin);
    const healthy =
      typeof health === 'object' &&
      health !== null &&
      (health as { ok?: unknown }).ok === true &&
      (health as { value?: { status?: unknown } }).value?.status === 'live';
    if (!healthy) return { healthy, server: null };
    const doc = await withTimeout(getJson(t, '/openapi.json', 8 * 1024 * 1024), timeoutMs, url.origin).catch(
      () => null,
    );
    const info = (doc as { info?: { title?: unknown; version?: unknown } } | null)?.info;
    const server =
      typeof info?.title === 'string' && typeof info.version === 'string'
        ? { name: info.title.slice(0, 200), version: info.version.slice(0, 50) }
        : null;
    return { healthy, server };
  } catch (e) {
    if (e instanceof CertificateChangedError)
      throw connectionError('provider_unavailable', 'certificate_changed', e.message, {
        expected: e.expected,
        actual: e.actual,
      });
    throw networkError(url.origin, e);
  } finally {
    t.close();
  }
}
