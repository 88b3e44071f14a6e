import type { ServerResponse } from 'node:http';
import type { PushEventName, PushEvents } from '../../../shared/ipc/events';
import { baseHeaders } from './http-io';

interface Stream {
  sessionId: string;
  res: ServerResponse;
}

/**
 * The `GET /events` streams (Server-Sent Events), one set per session: the same push events a
 * window receives over IPC (session:ended when the session is revoked, expires or signs out).
 */
export class EventHub {
  private readonly streams = new Set<Stream>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly max: number,
    /** Re-checks each stream's session (an expiry, a revocation made by another server). */
    private readonly recheck: (sessionId: string) => Promise<PushEvents['session:ended']['reason'] | null>,
    intervalMs = 15_000,
  ) {
    this.heartbeat = setInterval(() => void this.tick(), intervalMs);
    this.heartbeat.unref();
  }

  /** Open streams now. */
  get size(): number {
    return this.streams.size;
  }

  /** Opens a stream for a resolved session; false when the server holds too many already. */
  open(sessionId: string, res: ServerResponse): boolean {
    if (this.streams.size >= this.max) return false;
    res.writeHead(200, {
      ...baseHeaders(),
      'content-type': 'text/event-stream; charset=utf-8',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    res.write(': connected\n\n');
    const stream: Stream = { sessionId, res };
    this.streams.add(stream);
    res.on('close', () => this.streams.delete(stream));
    return true;
  }

  /** Sends one event to every stream of the session. */
  push<E extends PushEventName>(sessionId: string, event: E, payload: PushEvents[E]): void {
    for (const s of this.streams)
      if (s.sessionId === sessionId) s.res.write(`event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`);
  }

  /** The session ended: tell its streams, then close them. */
  sessionEnded(sessionId: string, reason: PushEvents['session:ended']['reason']): void {
    this.push(sessionId, 'session:ended', { reason });
    for (const s of [...this.streams])
      if (s.sessionId === sessionId) {
        this.streams.delete(s);
        s.res.end();
      }
  }

  private async tick(): Promise<void> {
    const sessions = new Set([...this.streams].map((s) => s.sessionId));
    for (const id of sessions) {
      const ended = await this.recheck(id).catch(() => null);
      if (ended) this.sessionEnded(id, ended);
    }
    for (const s of this.streams) s.res.write(': keep-alive\n\n');
  }

  /** Ends every stream (shutdown) and stops the heartbeat. */
  closeAll(): void {
    clearInterval(this.heartbeat);
    for (const s of this.streams) s.res.end();
    this.streams.clear();
  }
}
