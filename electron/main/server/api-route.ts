import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contract, type ChannelName } from '../../../shared/ipc/contract';
import { isDirectoryChannel } from '../../../shared/ipc/scope';
import type { Result } from '../../../shared/result';
import type { IpcPipeline } from '../ipc/pipeline';
import type { ClientInfo } from '../services/context';
import type { Authenticated } from './bearer';
import { jsonContentType, readJson, sendJson, sendRefusal } from './http-io';
import type { SessionTokens } from './session-tokens';
import { ServerExports } from './exports';
import type { EventHub } from './events';

/** Response header carrying a new session's bearer token (sign-in, second step). */
export const SESSION_TOKEN_HEADER = 'portcullis-session-token';
/** Header naming a pending sign-in second step, answered by auth:signIn and sent back by the client. */
export const CHALLENGE_HEADER = 'portcullis-challenge';

/** Failed Results that mean "no valid credentials": answered 401 rather than 200. */
const UNAUTHENTICATED = new Set(['not_signed_in', 'session_revoked', 'session_expired']);

/** The contract channel an /api path names, or null (unknown, or the desktop's own). */
export function apiChannel(path: string): ChannelName | null {
  let name: string;
  try {
    name = decodeURIComponent(path.slice('/api/'.length));
  } catch {
    return null;
  }
  if (!Object.hasOwn(contract, name)) return null;
  return isDirectoryChannel(name as ChannelName) ? (name as ChannelName) : null;
}

export interface ApiDeps {
  pipeline: IpcPipeline;
  sessionTokens: SessionTokens;
  exports: ServerExports;
  events: EventHub;
  bodyBytes: number;
}

/**
 * `POST /api/<channel>` once the bearer is known: JSON only, a bounded body, then the pipeline
 * (schema parse -> session -> permission -> handler -> Result). The Result is the body, exactly
 * as a window receives it; a new session's token goes in a response header, never in the log.
 */
export async function serveApi(
  req: IncomingMessage,
  res: ServerResponse,
  name: ChannelName,
  who: Authenticated,
  client: ClientInfo,
  deps: ApiDeps,
): Promise<void> {
  if (!jsonContentType(req)) {
    sendRefusal(res, {
      status: 415,
      code: 'invalid_input',
      message: 'Send the payload as JSON with "Content-Type: application/json".',
    });
    return;
  }
  const body = await readJson(req, deps.bodyBytes);
  if (!('value' in body)) {
    sendRefusal(res, body);
    return;
  }
  const given = req.headers[CHALLENGE_HEADER];
  const challenge =
    typeof given === 'string' && /^[A-Za-z0-9_-]{43}$/.test(given)
      ? given
      : randomBytes(32).toString('base64url');
  const headers: Record<string, string> = {};
  const result: Result<unknown> = await deps.pipeline.dispatchRemote(
    {
      key: `http-challenge:${challenge}`,
      client,
      principal: who.principal,
      onSessionStarted: (sessionId) => {
        headers[SESSION_TOKEN_HEADER] = deps.sessionTokens.issue(sessionId);
      },
      onSessionEnded: () => {
        // Sign-out: the session's event streams hear it now, not at their next re-check.
        if (who.principal.kind === 'session') deps.events.sessionEnded(who.principal.sessionId, 'signed_out');
      },
    },
    name,
    body.value,
  );
  if (!result.ok) {
    sendJson(res, UNAUTHENTICATED.has(result.code) ? 401 : 200, result, headers);
    return;
  }
  let value = result.value;
  if (name === 'auth:signIn' && (value as { status?: string } | null)?.status === 'second_step')
    headers[CHALLENGE_HEADER] = challenge;
  if (name === 'audit:export' && value !== null && who.rateKey !== null) {
    deps.exports.started((value as { id: string }).id, who.rateKey);
    value = ServerExports.publicView(value);
  }
  if (name === 'audit:exportStatus') value = ServerExports.publicView(value);
  sendJson(res, 200, { ok: true, value }, headers);
}
