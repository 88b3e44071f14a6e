import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { KeytarKeychain } from '../adapters/keytar.keychain';
import { stderrLogger } from '../adapters/logger';
import { createContainer, type Container } from '../container';
import { IpcPipeline } from '../ipc/pipeline';
import { requestHandler } from './app';
import { EventHub } from './events';
import { ServerExports } from './exports';
import { serverHandlers } from './handlers';
import { checkServable, DEFAULT_LIMITS, parseListen, type ServerOptions } from './options';
import { openApiDocument } from './openapi-doc';
import { RateLimiter } from './rate-limit';
import { SessionTokens } from './session-tokens';
import { sessionEndedBus, type SessionEndedBus } from './pg-notify';
import { isPostgresUrl } from '../app-paths';

export type { ServerOptions, ServerLimits } from './options';
export { ServerOptionsError, isLoopback, parseListen } from './options';

/** A running team server. */
export interface RunningServer {
  /** Base URL, e.g. https://127.0.0.1:8443 (the real port when 0 was asked for). */
  url: string;
  /** The directory the server runs (tests use it to seed people and tokens). */
  container: Container;
  /** Stops accepting, lets requests in flight finish, ends event streams, stops the outbox worker, closes the database. */
  close(): Promise<void>;
}

/** In-flight requests get this long to finish at shutdown before their connections are cut. */
const SHUTDOWN_GRACE_MS = 10_000;

function listen(server: Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port }, () => {
      server.off('error', reject);
      resolve(server.address() as AddressInfo);
    });
  });
}

/**
 * `portcullis serve`: the same container (services, database, keys) and the same IpcPipeline as
 * the desktop, over HTTP(S). TLS is required beyond loopback; SQLite only on loopback.
 */
export async function startServer(o: ServerOptions): Promise<RunningServer> {
  const { host, port } = parseListen(o.listen);
  checkServable(o, host);
  const limits = { ...DEFAULT_LIMITS, ...o.limits };
  const logger = o.logger ?? stderrLogger;
  const keychain = o.keychain ?? new KeytarKeychain();
  const container = await createContainer({
    dbPath: o.db,
    keychain,
    clock: o.clock,
    logger,
    delivery: o.delivery,
  });
  let exports: ServerExports | undefined;
  let bus: SessionEndedBus | null = null;
  try {
    const { services } = container;
    const sessionTokens = await SessionTokens.load(keychain, await container.repositories.meta.instanceId());
    exports = new ServerExports(services);
    services.fileDialog.use(exports);
    const pipeline = new IpcPipeline(
      serverHandlers(services),
      services.sessions,
      () => false,
      logger,
      (u) => services.twoFactorSetupRequired(u),
    );
    const events = new EventHub(
      limits.eventStreams,
      async (id) => {
        const r = await services.sessions.resolve(id, 'background');
        return r.status === 'ended' ? r.reason : null;
      },
      limits.eventRecheckMs,
    );
    // Other servers on the same PostgreSQL database hear about ended sessions at once (LISTEN/NOTIFY).
    bus = isPostgresUrl(o.db)
      ? await sessionEndedBus(
          o.db,
          (id, reason) => {
            events.sessionEnded(id, reason);
          },
          logger,
        )
      : null;
    services.sessions.onEnded((id, reason) => {
      events.sessionEnded(id, reason);
      bus?.notify(id, reason);
    });
    let url = '';
    const openapi = openApiDocument(() => url, logger);
    let closing = false;
    const handler = requestHandler({
      container,
      pipeline,
      sessionTokens,
      events,
      exports,
      limits,
      perClient: new RateLimiter(limits.perClient.burst, limits.perClient.perSecond),
      perPrincipal: new RateLimiter(limits.perPrincipal.burst, limits.perPrincipal.perSecond),
      accessLog: o.accessLog ?? logger,
      logger,
      openapi,
      closing: () => closing,
    });
    // Slow clients (slowloris): headers and the whole request each have a deadline, checked often enough to matter.
    const timeouts = {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      connectionsCheckingInterval: Math.max(100, Math.min(5_000, limits.headersTimeoutMs / 2)),
    };
    const server = o.tls
      ? createHttpsServer({ ...timeouts, cert: o.tls.cert, key: o.tls.key, minVersion: 'TLSv1.2' }, handler)
      : createHttpServer(timeouts, handler);
    const address = await listen(server, host, port);
    if (o.background !== false) await container.startBackground();
    const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    url = `${o.tls ? 'https' : 'http'}://${shown}:${address.port}`;
    logger.info('Team server listening', { url, database: container.database.location });
    const ownExports = exports;
    let closed: Promise<void> | undefined;
    return {
      url,
      container,
      close: () => {
        closed ??= (async () => {
          closing = true;
          const stopped = new Promise<void>((resolve) => {
            server.close(() => {
              resolve();
            });
          });
          events.closeAll();
          // Keep-alive connections go idle as their last answer (or event stream) ends: close each then.
          const sweep = setInterval(() => {
            server.closeIdleConnections();
          }, 50);
          server.closeIdleConnections();
          const cut = setTimeout(() => {
            server.closeAllConnections();
          }, SHUTDOWN_GRACE_MS);
          cut.unref();
          await stopped;
          clearInterval(sweep);
          clearTimeout(cut);
          await bus?.close();
          await container.close();
          ownExports.close();
          logger.info('Team server stopped', { url });
        })();
        return closed;
      },
    };
  } catch (e) {
    await bus?.close().catch(() => undefined);
    exports?.close();
    await container.close();
    throw e;
  }
}
