import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import type { AuthorizationOpener } from '../../electron/main/services/linked-token/linked-token.service';

/** A loopback HTTP server playing flespi: an authorization page that redirects back with a token, and token info. */
export interface FlespiProvider {
  base: string;
  /** Tokens the provider knows, with their expiry in Unix seconds (0 = never). */
  tokens: Map<string, number>;
  /** The region the provider says the user chose at authorization. */
  region: 'ru' | 'eu';
  /** Every request path seen, for assertions. */
  seen: string[];
  endpoints(): { authorizeUrl: string; tokenInfoUrl: string };
  close(): Promise<void>;
}

/** Starts the provider on 127.0.0.1 with a random port; issued tokens expire in `expireSeconds`. */
export async function startFlespiProvider(o: { now: () => Date }): Promise<FlespiProvider> {
  const provider = {
    tokens: new Map<string, number>(),
    region: 'eu',
    seen: [] as string[],
  } as FlespiProvider;
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    provider.seen.push(url.pathname);
    if (url.pathname === '/oauth/authorize') {
      const redirect = url.searchParams.get('redirect_uri');
      if (!redirect) {
        res.writeHead(400).end('redirect_uri missing');
        return;
      }
      const token = randomBytes(24).toString('base64url');
      provider.tokens.set(token, Math.floor(o.now().getTime() / 1000) + 365 * 86_400);
      const back = new URL(redirect);
      back.searchParams.set('token', token);
      back.searchParams.set('state', url.searchParams.get('state') ?? '');
      back.searchParams.set('region', provider.region);
      res.writeHead(302, { Location: back.toString() }).end();
      return;
    }
    if (url.pathname === '/auth/info') {
      const token = /^FlespiToken (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const expire = token === undefined ? undefined : provider.tokens.get(token);
      if (expire === undefined) {
        res
          .writeHead(401, { 'Content-Type': 'application/json' })
          .end('{"errors":[{"reason":"unauthorized"}]}');
        return;
      }
      res
        .writeHead(200, { 'Content-Type': 'application/json' })
        .end(JSON.stringify({ result: [{ expire }] }));
      return;
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  provider.base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  provider.endpoints = () => ({
    authorizeUrl: `${provider.base}/oauth/authorize`,
    tokenInfoUrl: `${provider.base}/auth/info`,
  });
  provider.close = () =>
    new Promise<void>((resolve) =>
      server.close(() => {
        resolve();
      }),
    );
  return provider;
}

/** An opener that follows the provider's redirects like the child window would, stopping at the callback. */
export const httpOpener: AuthorizationOpener = async (url, redirectPrefix) => {
  let next = url;
  for (let hop = 0; hop < 10; hop++) {
    if (next.startsWith(redirectPrefix)) return next;
    const res = await fetch(next, { redirect: 'manual' });
    const location = res.headers.get('location');
    if (!location) throw new Error(`The provider answered ${res.status} without redirecting back.`);
    next = new URL(location, next).toString();
  }
  throw new Error('Too many redirects.');
};
