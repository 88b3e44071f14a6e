import type { IncomingHttpHeaders } from 'node:http';
import type { Principal } from '../ipc/pipeline';
import type { Services } from '../services/services';
import type { Repositories } from '../db/repositories';
import { sha256 } from '../security/ids';
import { TOKEN_PREFIX } from '../services/tokens/token.service';
import type { HttpRefusal } from './http-io';
import { SESSION_TOKEN_PREFIX, type SessionTokens } from './session-tokens';

/** Who a request comes from, with the key its per-principal rate limit counts under. */
export interface Authenticated {
  principal: Principal;
  /** Rate limit key: the session id or the token's hash; null when anonymous. */
  rateKey: string | null;
  /** For the access log: "session:<hash prefix>", "token:<owner>" or "-" (never a secret). */
  label: string;
}

const unauthorized = (message: string, code: HttpRefusal['code'] = 'not_signed_in'): HttpRefusal => ({
  status: 401,
  code,
  message,
  headers: { 'www-authenticate': 'Bearer realm="portcullis"' },
});

/** The value of `Authorization: Bearer …`, or null when there is none; a malformed header is refused. */
export function bearerOf(headers: IncomingHttpHeaders): string | null | HttpRefusal {
  const raw = headers.authorization;
  if (raw === undefined || raw === '') return null;
  const m = /^Bearer ([\x21-\x7e]{1,512})$/i.exec(raw);
  if (!m?.[1]) return unauthorized('The Authorization header must be "Bearer <token>".');
  return m[1];
}

/**
 * Checks the bearer: an API token (`pcl_…`, verified and recorded as used; its role is capped by
 * its owner's current role) or a session token from sign-in over HTTP (`pcs_…`, HMAC checked here,
 * the session itself resolved by the pipeline on the call). No header: anonymous.
 */
export async function authenticate(
  headers: IncomingHttpHeaders,
  deps: { services: Services; repositories: Repositories; sessionTokens: SessionTokens },
): Promise<Authenticated | HttpRefusal> {
  const bearer = bearerOf(headers);
  if (bearer === null) return { principal: { kind: 'anonymous' }, rateKey: null, label: '-' };
  if (typeof bearer !== 'string') return bearer;
  if (bearer.startsWith(SESSION_TOKEN_PREFIX)) {
    const sessionId = deps.sessionTokens.sessionIdOf(bearer);
    if (!sessionId) return unauthorized('This session token is not valid. Sign in again.');
    return {
      principal: { kind: 'session', sessionId },
      rateKey: `session:${sessionId}`,
      label: `session:${sha256(sessionId).slice(0, 12)}`,
    };
  }
  if (bearer.startsWith(TOKEN_PREFIX)) {
    const verdict = await deps.services.tokens.verify(bearer);
    if (verdict.status === 'expired')
      return unauthorized(
        'This API token has expired. Create a new one on My security or with `portcullis token create`.',
      );
    if (verdict.status === 'revoked') return unauthorized('This API token was revoked.');
    if (verdict.status !== 'valid') return unauthorized('This API token is not valid.');
    const user = await deps.repositories.users.findByLogin(verdict.owner);
    if (user?.username !== verdict.owner) return unauthorized('This API token is not valid.');
    return {
      principal: { kind: 'token', user, role: verdict.role },
      rateKey: `token:${sha256(bearer).slice(0, 32)}`,
      label: `token:${user.username}`,
    };
  }
  return unauthorized('Unknown kind of token: use an API token (pcl_…) or a session token (pcs_…).');
}
