import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';
import { request as httpsRequest } from 'node:https';
import { CliError, EXIT } from '../io';
import type { RemoteTarget } from './target';

/** An answer from the server: status, headers and the body (bounded). */
export interface HttpAnswer {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

/** Largest answer the CLI reads (a signed export of a large directory fits). */
const MAX_ANSWER_BYTES = 512 * 1024 * 1024;
/** A server that says nothing for this long is treated as unreachable. */
const IDLE_TIMEOUT_MS = 60_000;

const CERT_ERRORS = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Turns a socket or TLS failure into what a person can act on. */
export function networkError(base: string, e: NodeJS.ErrnoException): CliError {
  const code = e.code ?? '';
  if (CERT_ERRORS.has(code))
    return new CliError(
      `The certificate of ${base} is not trusted (${code}): this may not be your team server. If your organisation uses its own certificate authority, pass its certificate with --ca FILE; check the address otherwise.`,
      EXIT.environment,
    );
  if (code === 'EPROTO' || code.startsWith('ERR_SSL'))
    return new CliError(
      `No TLS connection to ${base} (${code}). Is it an https:// server? A server on loopback may use http://.`,
      EXIT.environment,
    );
  const why: Record<string, string> = {
    ECONNREFUSED: 'nothing is listening there',
    ENOTFOUND: 'the host name is unknown',
    EAI_AGAIN: 'the host name could not be looked up',
    EHOSTUNREACH: 'the host cannot be reached',
    ENETUNREACH: 'the network cannot be reached',
    ETIMEDOUT: 'the connection timed out',
    ECONNRESET: 'the connection was cut',
  };
  return new CliError(
    `Cannot reach the team server at ${base}: ${why[code] ?? e.message}. Check --server (or PORTCULLIS_SERVER) and that 'portcullis serve' is running there.`,
    EXIT.environment,
  );
}

/**
 * One HTTP request to the server with the bearer token; redirects are not followed. With
 * `saveTo`, a 200 answer is streamed to that file (mode 600, written under a temporary name and
 * renamed when complete) instead of being held in memory; its `body` is then empty.
 */
export function send(
  target: RemoteTarget,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  saveTo?: string,
): Promise<HttpAnswer> {
  const url = new URL(path, `${target.base}/`);
  const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
  const headers: Record<string, string> = {
    authorization: `Bearer ${target.token}`,
    accept: 'application/json',
    'user-agent': 'portcullis-cli',
  };
  if (payload) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = String(payload.length);
  }
  const make = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = make(url, { method, headers, ...(target.ca ? { ca: target.ca } : {}) }, (res) => {
      if (saveTo !== undefined && res.statusCode === 200) {
        const part = `${saveTo}.part`;
        pipeline(res, createWriteStream(part, { mode: 0o600 }))
          .then(() => rename(part, saveTo))
          .then(
            () => {
              resolve({ status: 200, headers: res.headers, body: Buffer.alloc(0) });
            },
            async (e: unknown) => {
              await rm(part, { force: true });
              const err = e as NodeJS.ErrnoException;
              reject(
                err.path === undefined
                  ? networkError(target.base, err)
                  : new CliError(`Cannot write ${saveTo}: ${err.message}`, EXIT.failed),
              );
            },
          );
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_ANSWER_BYTES) {
          req.destroy();
          reject(new CliError(`The answer from ${target.base} is larger than the CLI accepts.`, EXIT.failed));
          return;
        }
        chunks.push(c);
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
      });
      res.on('error', (e) => {
        reject(networkError(target.base, e));
      });
    });
    req.setTimeout(IDLE_TIMEOUT_MS, () => {
      req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' }));
    });
    req.on('error', (e) => {
      reject(networkError(target.base, e));
    });
    req.end(payload);
  });
}
