import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { Logger } from '../adapters/logger';
import { describePgError } from '../db/pg-connection';
import { parsePgTarget } from '../db/pg-target';
import type { PushEvents } from '../../../shared/ipc/events';

type Reason = PushEvents['session:ended']['reason'];

/** The PostgreSQL channel servers on one database tell each other about ended sessions on. */
export const SESSION_ENDED_CHANNEL = 'portcullis_session_ended';

/** Tells the other servers on the database, and hears them. */
export interface SessionEndedBus {
  notify(sessionId: string, reason: Reason): void;
  close(): Promise<void>;
}

/**
 * Several servers on one PostgreSQL database (LISTEN/NOTIFY on a connection of its own): a session
 * ended through one server reaches the event streams held by the others at once. Each server
 * ignores its own notices (it told its own streams already). Payloads carry a session id and a
 * reason, nothing secret.
 */
export async function sessionEndedBus(
  url: string,
  onRemote: (sessionId: string, reason: Reason) => void,
  logger: Logger,
): Promise<SessionEndedBus> {
  const target = parsePgTarget(url);
  const origin = randomBytes(8).toString('hex');
  const client = new pg.Client(target.config);
  client.on('error', (e) => {
    logger.error('Session notices from other servers stopped', { error: e.message });
  });
  client.on('notification', (msg) => {
    if (msg.channel !== SESSION_ENDED_CHANNEL || !msg.payload) return;
    try {
      const n = JSON.parse(msg.payload) as { origin?: unknown; id?: unknown; reason?: unknown };
      const reason = n.reason === 'expired' || n.reason === 'signed_out' ? n.reason : 'revoked';
      if (n.origin !== origin && typeof n.id === 'string' && /^[0-9a-f]{32}$/.test(n.id))
        onRemote(n.id, reason);
    } catch {
      // Not ours: ignore.
    }
  });
  try {
    await client.connect();
    await client.query(`LISTEN ${SESSION_ENDED_CHANNEL}`);
  } catch (e) {
    await client.end().catch(() => undefined);
    throw describePgError(e, target);
  }
  return {
    notify: (id, reason) => {
      client
        .query('SELECT pg_notify($1, $2)', [SESSION_ENDED_CHANNEL, JSON.stringify({ origin, id, reason })])
        .catch((e: unknown) => {
          logger.warn('Could not tell the other servers a session ended', {
            error: e instanceof Error ? e.message : String(e),
          });
        });
    },
    close: () => client.end(),
  };
}
