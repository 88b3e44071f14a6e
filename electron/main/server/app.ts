import type { IncomingMessage, ServerResponse } from 'node:http';
import { Migrator } from 'kysely/migration';
import type { Logger } from '../adapters/logger';
import type { Container } from '../container';
import { migrationProvider } from '../db/migrations';
import type { IpcPipeline } from '../ipc/pipeline';
import type { ClientInfo } from '../services/context';
import { apiChannel, serveApi } from './api-route';
import { authenticate, type Authenticated } from './bearer';
import type { EventHub } from './events';
import type { ServerExports } from './exports';
import { sendJson, sendRefusal, type HttpRefusal } from './http-io';
import type { ServerLimits } from './options';
import type { RateLimiter } from './rate-limit';
import type { SessionTokens } from './session-tokens';

/** Everything the request handler uses, built once by startServer. */
export interface AppDeps {
  container: Container;
  pipeline: IpcPipeline;
  sessionTokens: SessionTokens;
  events: EventHub;
  exports: ServerExports;
  limits: ServerLimits;
  perClient: RateLimiter;
  perPrincipal: RateLimiter;
  accessLog: Logger;
  logger: Logger;
  /** The OpenAPI document, or null while it is not available (503). */
  openapi: () => object | null;
  /** True once shutdown began: new requests are refused with 503. */
  closing: () => boolean;
}

const notFound: HttpRefusal = { status: 404, code: 'unknown_channel', message: 'No such route or channel.' };

function tooMany(retryAfter: number, what: string): HttpRefusal {
  return {
    status: 429,
    code: 'retry_later',
    message: `Too many requests from this ${what}. Wait ${retryAfter} s and try again.`,
    headers: { 'retry-after': String(retryAfter) },
  };
}

async function ready(deps: AppDeps): Promise<boolean> {
  try {
    const migrations = await new Migrator({
      db: deps.container.database.db,
      provider: migrationProvider,
    }).getMigrations();
    return migrations.every((m) => m.executedAt !== undefined);
  } catch {
    return false;
  }
}

/** The routes: /health, /ready, /openapi.json, /events, /exports/<id>, POST /api/<channel>. */
export function requestHandler(deps: AppDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const started = process.hrtime.bigint();
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const ip = req.socket.remoteAddress ?? 'unknown';
    const who = { label: '-' };
    res.once('close', () => {
      // Method, route, status, time, address, who: never a header value, a token or a body.
      deps.accessLog.info('http', {
        method: req.method,
        path: path.slice(0, 120),
        status: res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1_000_000n),
        ip,
        who: who.label,
      });
    });
    route(req, res, path, ip, who, deps).catch((e: unknown) => {
      deps.logger.error('HTTP request failed', {
        path: path.slice(0, 120),
        error: e instanceof Error ? e.message : String(e),
      });
      if (!res.headersSent)
        sendRefusal(res, {
          status: 500,
          code: 'internal',
          message: 'Something went wrong inside Portcullis; try again.',
        });
      else res.destroy();
    });
  };
}

async function route(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
  ip: string,
  who: { label: string },
  deps: AppDeps,
): Promise<void> {
  if (deps.closing()) {
    sendRefusal(res, {
      status: 503,
      code: 'retry_later',
      message: 'The server is shutting down.',
      headers: { connection: 'close' },
    });
    return;
  }
  const wait = deps.perClient.take(`ip:${ip}`);
  if (wait > 0) {
    sendRefusal(res, tooMany(wait, 'address'));
    return;
  }
  const method = req.method ?? 'GET';
  const isApi = path.startsWith('/api/');
  const getRoute =
    ['/health', '/ready', '/openapi.json', '/events'].includes(path) || path.startsWith('/exports/');
  if ((isApi && method !== 'POST') || (getRoute && method !== 'GET')) {
    sendRefusal(res, {
      status: 405,
      code: 'unknown_channel',
      message: `Use ${isApi ? 'POST' : 'GET'} here.`,
      headers: { allow: isApi ? 'POST' : 'GET' },
    });
    return;
  }
  if (path === '/health') {
    sendJson(res, 200, { ok: true, value: { status: 'live' } });
    return;
  }
  if (path === '/ready') {
    if (await ready(deps)) {
      sendJson(res, 200, { ok: true, value: { status: 'ready' } });
      return;
    }
    {
      sendRefusal(res, {
        status: 503,
        code: 'retry_later',
        message: 'The database is not reachable or not migrated.',
      });
      return;
    }
  }
  if (path === '/openapi.json') {
    const doc = deps.openapi();
    if (doc) {
      sendJson(res, 200, doc);
      return;
    }
    {
      sendRefusal(res, {
        status: 503,
        code: 'retry_later',
        message: 'The API description is not available on this server yet.',
      });
      return;
    }
  }
  const name = isApi ? apiChannel(path) : null;
  if (!getRoute && name === null) {
    sendRefusal(res, notFound);
    return;
  }

  const auth = await authenticate(req.headers, {
    services: deps.container.services,
    repositories: deps.container.repositories,
    sessionTokens: deps.sessionTokens,
  });
  if (!('principal' in auth)) {
    sendRefusal(res, auth);
    return;
  }
  who.label = auth.label;
  if (auth.rateKey !== null) {
    const w = deps.perPrincipal.take(auth.rateKey);
    if (w > 0) {
      sendRefusal(res, tooMany(w, auth.principal.kind === 'token' ? 'API token' : 'session'));
      return;
    }
  }
  if (path === '/events') return openEvents(res, auth, deps);
  if (path.startsWith('/exports/')) {
    if (auth.rateKey === null) {
      sendRefusal(res, { status: 401, code: 'not_signed_in', message: 'Sign in first.' });
      return;
    }
    deps.exports.download(path.slice('/exports/'.length), auth.rateKey, res);
    return;
  }
  const client: ClientInfo = { ip, userAgent: (req.headers['user-agent'] ?? '').slice(0, 512) };
  if (name) await serveApi(req, res, name, auth, client, { ...deps, bodyBytes: deps.limits.bodyBytes });
}

/** `GET /events`: the push events of the bearer's session, as Server-Sent Events. */
async function openEvents(res: ServerResponse, auth: Authenticated, deps: AppDeps): Promise<void> {
  if (auth.principal.kind !== 'session') {
    sendRefusal(res, {
      status: 401,
      code: 'not_signed_in',
      message:
        'The event stream belongs to a signed-in session (a pcs_ token); API tokens have no session events.',
    });
    return;
  }
  const resolved = await deps.container.services.sessions.resolve(auth.principal.sessionId, 'background');
  if (resolved.status === 'ended') {
    sendRefusal(res, {
      status: 401,
      code: resolved.reason === 'expired' ? 'session_expired' : 'session_revoked',
      message:
        resolved.reason === 'expired'
          ? 'Your session expired. Sign in again.'
          : 'Your session was ended. Sign in again.',
    });
    return;
  }
  if (!deps.events.open(auth.principal.sessionId, res))
    sendRefusal(res, {
      status: 503,
      code: 'retry_later',
      message: 'Too many event streams are open; try again later.',
    });
}
