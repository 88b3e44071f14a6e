import type { IncomingMessage } from 'node:http';
import { contract, type ChannelName } from '../../../shared/ipc/contract';
import type { PushEvents } from '../../../shared/ipc/events';
import { isDirectoryChannel } from '../../../shared/ipc/scope';
import { err, type Result } from '../../../shared/result';
import type { Caller } from '../ipc/pipeline';
import type { FileDialog } from '../adapters/file-dialog.port';
import type { Logger } from '../adapters/logger';
import type { CallDispatcher } from './dispatcher';
import { ExportRelay } from './export-relay';
import { savePublicKeyFileFromServer } from './public-key-relay';
import type { ServerCalls } from './server-calls';
import { parseEvents } from './sse';
import { CertificateChangedError, readBody, ServerTransport } from './transport';
import { checkConnection, type TeamServerConnection } from './connection';

const SESSION_TOKEN_HEADER = 'portcullis-session-token';
const CHALLENGE_HEADER = 'portcullis-challenge';
const SESSION_GONE = new Set(['not_signed_in', 'session_revoked', 'session_expired']);

/** One window's hold on the server: its session token and pending second step, in memory only. */
interface WindowState {
  token?: string;
  challenge?: string;
  events?: IncomingMessage;
}

function unreachable(origin: string, e: unknown): Result<unknown> {
  if (e instanceof CertificateChangedError)
    return err('provider_unavailable', e.message, { expected: e.expected, actual: e.actual });
  const code = (e as NodeJS.ErrnoException).code ?? '';
  return err(
    'provider_unavailable',
    `The team server at ${origin} could not be reached${code ? ` (${code})` : ''}. Check the network and that the server runs, then try again.`,
  );
}

function isResult(v: unknown): v is Result<unknown> {
  return typeof v === 'object' && v !== null && typeof (v as { ok?: unknown }).ok === 'boolean';
}

/**
 * A window's directory on a team server: every directory-scope channel is relayed as
 * `POST /api/<channel>` with the window's session token (kept here, in main-process memory, and
 * never given to the renderer or written anywhere); desktop-scope channels (review, clipboard,
 * trusted signers, file dialogs) go to the local pipeline; the server's `GET /events` stream
 * becomes the window's push events.
 */
export class RemoteDirectory implements CallDispatcher {
  private readonly windows = new Map<string, WindowState>();
  private readonly transport: ServerTransport;
  /** The window's own relay calls, for audit exports and the public key file. */
  private readonly calls: ServerCalls;
  private readonly exports: ExportRelay;
  private closed = false;

  constructor(
    connection: TeamServerConnection,
    /** Serves the desktop's own channels (and refuses unknown ones) as today. */
    private readonly local: CallDispatcher,
    private readonly isTrustedUrl: (url: string) => boolean,
    private readonly logger: Logger,
    /** First wait before reopening a dropped event stream (doubles up to a minute). */
    private readonly reconnectMs = 1_000,
    /** This computer's save dialog (exports and the public key file are saved here, not on the server). */
    private readonly dialog: FileDialog | null = null,
  ) {
    // Checked again here: plain http only to loopback, https only with a pin or a CA file.
    this.transport = new ServerTransport(checkConnection(connection));
    this.calls = {
      origin: this.origin,
      call: (caller, channel, payload) => this.relay(caller, channel, payload),
      signedIn: (caller) => this.windows.get(caller.key)?.token !== undefined,
      get: (caller, path) => {
        const token = this.windows.get(caller.key)?.token;
        if (!token || this.closed) return Promise.resolve(null);
        return this.transport.send('GET', path, { authorization: `Bearer ${token}` });
      },
    };
    this.exports = new ExportRelay(this.calls, dialog);
  }

  /** The server this window's directory lives on (shown in the window). */
  get origin(): string {
    return this.transport.connection.url;
  }

  async dispatch(caller: Caller, channel: unknown, payload: unknown): Promise<Result<unknown>> {
    // The public key file is a desktop channel whose content lives on the server.
    const keyFile = channel === 'audit:savePublicKeyFile';
    if (
      !keyFile &&
      (typeof channel !== 'string' ||
        !Object.hasOwn(contract, channel) ||
        !isDirectoryChannel(channel as ChannelName))
    )
      return this.local.dispatch(caller, channel, payload);
    if (!caller.isMainFrame || !this.isTrustedUrl(caller.frameUrl)) {
      this.logger.warn('IPC refused: untrusted sender', { frameUrl: caller.frameUrl.slice(0, 200) });
      return err('forbidden_sender', 'This request did not come from the Portcullis window and was refused.');
    }
    if (keyFile) return savePublicKeyFileFromServer(this.calls, caller, this.dialog);
    if (channel === 'audit:export') return this.exports.start(caller, payload);
    const id = (payload as { id?: unknown } | null)?.id;
    if (channel === 'audit:exportStatus' && this.exports.owns(caller, id))
      return this.exports.status(String(id));
    if (channel === 'audit:exportCancel' && this.exports.owns(caller, id))
      return this.exports.cancel(String(id));
    return this.relay(caller, channel as ChannelName, payload);
  }

  private async relay(caller: Caller, channel: ChannelName, payload: unknown): Promise<Result<unknown>> {
    const state = this.windows.get(caller.key) ?? {};
    this.windows.set(caller.key, state);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      accept: 'application/json',
    };
    // The window's own user agent, so the Sessions page describes this desktop rather than Node.
    const agent = caller.client.userAgent.replace(/[^\x20-\x7e]/g, '').slice(0, 512);
    if (agent) headers['user-agent'] = agent;
    if (state.token) headers.authorization = `Bearer ${state.token}`;
    if (state.challenge) headers[CHALLENGE_HEADER] = state.challenge;
    // Signing out here is not news to this window: close its stream first (the local pipeline does not push either).
    if (channel === 'auth:signOut') this.endStream(state);
    let status: number;
    let answerHeaders: IncomingMessage['headers'];
    let text: string;
    try {
      const a = await this.transport.send(
        'POST',
        `/api/${encodeURIComponent(channel)}`,
        headers,
        payload === undefined ? '' : JSON.stringify(payload),
      );
      status = a.status;
      answerHeaders = a.headers;
      text = await readBody(a.res);
    } catch (e) {
      return unreachable(this.origin, e);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    // The app switched to another directory (or quits) while this call was on its way: the window
    // is no longer on this server, so its answer (a new session above all) is not kept.
    if (this.closed)
      return err(
        'provider_unavailable',
        `The directory changed while this request was on its way to ${this.origin}; nothing was kept. Try again.`,
      );
    if (!isResult(body))
      return err(
        'provider_unavailable',
        `The team server at ${this.origin} gave an answer Portcullis cannot read (HTTP ${status}).`,
      );
    const token = answerHeaders[SESSION_TOKEN_HEADER];
    if (typeof token === 'string' && token) {
      this.endStream(state);
      state.token = token;
      delete state.challenge;
      this.openStream(caller, state);
    }
    const challenge = answerHeaders[CHALLENGE_HEADER];
    if (typeof challenge === 'string' && challenge) state.challenge = challenge;
    if (channel === 'auth:signOut') {
      if (body.ok) this.drop(caller.key);
      else if (!state.events) this.openStream(caller, state);
    }
    if (!body.ok && SESSION_GONE.has(body.code) && state.token) this.drop(caller.key);
    return body;
  }

  private openStream(caller: Caller, state: WindowState, attempt = 0): void {
    const token = state.token;
    if (!token || this.closed) return;
    const current = () => this.windows.get(caller.key) === state && state.token === token;
    const retry = () => {
      // A dropped stream (network, server restart) is reopened while the window holds the session.
      if (!current() || this.closed) return;
      const timer = setTimeout(
        () => {
          if (current() && !state.events) this.openStream(caller, state, attempt + 1);
        },
        Math.min(this.reconnectMs * 2 ** Math.min(attempt, 6), 60_000),
      );
      timer.unref();
    };
    this.transport
      .send('GET', '/events', { authorization: `Bearer ${token}`, accept: 'text/event-stream' })
      .then(async ({ status, res }) => {
        if (!current()) {
          res.destroy();
          return;
        }
        if (status === 401) {
          // The session ended while the stream was down: say so now, as the stream would have.
          const body = await readBody(res, 64 * 1024).catch(() => '');
          const code = /"code"\s*:\s*"([a-z_]+)"/.exec(body)?.[1];
          this.drop(caller.key);
          caller.push('session:ended', { reason: code === 'session_expired' ? 'expired' : 'revoked' });
          return;
        }
        if (status !== 200) {
          res.destroy();
          retry();
          return;
        }
        state.events = res;
        res.once('close', () => {
          if (state.events !== res) return;
          delete state.events;
          retry();
        });
        parseEvents(res, (event, data) => {
          const reason = (data as { reason?: unknown } | null)?.reason;
          if (reason !== 'revoked' && reason !== 'expired' && reason !== 'signed_out') return;
          this.drop(caller.key);
          caller.push(event, { reason } satisfies PushEvents['session:ended']);
        });
      })
      .catch((e: unknown) => {
        this.logger.warn('Team server event stream failed', {
          error: e instanceof Error ? e.message : String(e),
        });
        retry();
      });
  }

  private endStream(state: WindowState): void {
    const events = state.events;
    delete state.events;
    events?.destroy();
  }

  private drop(key: string): void {
    const state = this.windows.get(key);
    if (!state) return;
    this.endStream(state);
    this.windows.delete(key);
  }

  forget(callerKey: string): void {
    this.exports.forget(callerKey);
    this.drop(callerKey);
    this.local.forget(callerKey);
  }

  /** Closes every event stream and connection (the app quits or switches directory). */
  close(): void {
    this.closed = true;
    this.exports.close();
    for (const key of [...this.windows.keys()]) this.drop(key);
    this.transport.close();
  }
}
