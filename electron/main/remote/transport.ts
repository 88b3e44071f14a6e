import { readFileSync } from 'node:fs';
import { request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Duplex } from 'node:stream';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import type { TeamServerConnection } from './connection';

/** The server's certificate is not the one pinned at first connection: nothing was sent. */
export class CertificateChangedError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(
      `The team server's certificate has changed: pinned SHA-256 ${expected}, the server now shows ${actual}. ` +
        'Nothing was sent. If your administrator replaced the certificate, connect again and check the new fingerprint with them; otherwise this may not be your server.',
    );
  }
}

/**
 * An HTTPS agent that checks the server's certificate against a pinned SHA-256 fingerprint before
 * the socket is handed to a request, so no header (no bearer token) is written to another server.
 */
class PinnedAgent extends HttpsAgent {
  constructor(private readonly fingerprint256: string) {
    super({ keepAlive: true });
  }

  override createConnection(
    options: ConnectionOptions,
    done?: (err: Error | null, socket: Duplex) => void,
  ): undefined {
    // The pin replaces CA validation: a self-signed certificate is fine when its fingerprint matches.
    const socket: TLSSocket = tlsConnect({ ...options, rejectUnauthorized: false });
    const fail = (e: Error): void => {
      done?.(e, socket);
    };
    socket.once('error', fail);
    socket.once('secureConnect', () => {
      socket.off('error', fail);
      const actual = socket.getPeerCertificate().fingerprint256;
      if (actual !== this.fingerprint256) {
        const e = new CertificateChangedError(this.fingerprint256, actual || '(none)');
        socket.destroy();
        done?.(e, socket);
        return;
      }
      done?.(null, socket);
    });
    return undefined;
  }
}

/** The answer of one HTTP exchange. */
export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  res: IncomingMessage;
}

/** Sends requests to one team server with its trust settings (pin, CA file, or loopback http). */
export class ServerTransport {
  private readonly agent: HttpsAgent | undefined;

  constructor(readonly connection: TeamServerConnection) {
    const t = connection.trust;
    if (t.kind === 'pinned') this.agent = new PinnedAgent(t.fingerprint256);
    else if (t.kind === 'ca') this.agent = new HttpsAgent({ keepAlive: true, ca: readFileSync(t.caFile) });
  }

  /** Sends one request; resolves when the answer's headers have arrived. */
  send(
    method: 'GET' | 'POST',
    path: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<HttpAnswer> {
    const url = new URL(path, this.connection.url);
    const make = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = make(url, { method, headers, ...(this.agent ? { agent: this.agent } : {}) }, (res) => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, res });
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  /** Closes idle keep-alive connections. */
  close(): void {
    this.agent?.destroy();
  }
}

/** Reads a whole answer body as text (bounded). */
export function readBody(res: IncomingMessage, maxBytes = 16 * 1024 * 1024): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        res.destroy(new Error('The team server sent an answer larger than expected.'));
        return;
      }
      chunks.push(c);
    });
    res.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    res.on('error', reject);
  });
}

/** What a person sees before pinning: the certificate's SHA-256 fingerprint and names. */
export interface CertificateFacts {
  fingerprint256: string;
  subject: string;
  issuer: string;
  validTo: string;
}

/** Connects once (without trusting anything, sending nothing) to read the server's certificate. */
export function probeCertificate(url: string): Promise<CertificateFacts> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const host = u.hostname.replace(/^\[|\]$/g, '');
    const socket = tlsConnect({
      host,
      port: Number(u.port || 443),
      rejectUnauthorized: false,
      ...(/^[\d.:]+$/.test(host) ? {} : { servername: host }),
    });
    socket.setTimeout(10_000, () => socket.destroy(new Error(`No answer from ${u.origin} within 10 s.`)));
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const c = socket.getPeerCertificate();
      socket.end();
      resolve({
        fingerprint256: c.fingerprint256,
        subject: String(c.subject.CN ?? ''),
        issuer: String(c.issuer.CN ?? ''),
        validTo: c.valid_to,
      });
    });
  });
}
