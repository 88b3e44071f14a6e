import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ErrorCode } from '../../../shared/result';

/** A refusal at the transport level: an HTTP status with the same flat body as a failed Result. */
export interface HttpRefusal {
  status: number;
  code: ErrorCode;
  message: string;
  headers?: Record<string, string>;
}

/** Headers on every answer: never cached, never sniffed, never framed; no CORS, no cookies. */
const BASE_HEADERS = {
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

/** Writes a JSON answer. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...BASE_HEADERS,
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(text)),
    ...headers,
  });
  res.end(text);
}

/** Writes a transport refusal as `{ ok: false, code, message }`. */
export function sendRefusal(res: ServerResponse, r: HttpRefusal): void {
  sendJson(res, r.status, { ok: false, code: r.code, message: r.message }, r.headers);
}

/** The base headers, for answers that are not JSON (event stream, export download). */
export function baseHeaders(): Record<string, string> {
  return { ...BASE_HEADERS };
}

/** Only JSON bodies: anything else (forms, text/plain) is refused before it is read. */
export function jsonContentType(req: IncomingMessage): boolean {
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
  return type === 'application/json';
}

/**
 * Reads and parses a JSON body of at most `limit` bytes. A declared length over the limit is
 * refused before reading; a body that grows past it is cut off. An empty body is `undefined`
 * (channels without input).
 */
export function readJson(req: IncomingMessage, limit: number): Promise<{ value: unknown } | HttpRefusal> {
  const tooLarge: HttpRefusal = {
    status: 413,
    code: 'invalid_input',
    message: `The request body is larger than ${limit} bytes.`,
    headers: { connection: 'close' },
  };
  const declared = Number(req.headers['content-length'] ?? Number.NaN);
  if (Number.isFinite(declared) && declared > limit) return Promise.resolve(tooLarge);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = (r: { value: unknown } | HttpRefusal) => {
      if (done) return;
      done = true;
      resolve(r);
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        req.pause();
        finish(tooLarge);
        return;
      }
      if (!done) chunks.push(chunk);
    });
    req.on('error', () => {
      finish({ status: 400, code: 'invalid_input', message: 'The request body could not be read.' });
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (text.trim() === '') {
        finish({ value: undefined });
        return;
      }
      try {
        finish({ value: JSON.parse(text) as unknown });
      } catch {
        finish({ status: 400, code: 'invalid_input', message: 'The request body is not valid JSON.' });
      }
    });
  });
}
