import { contract, type ChannelInput, type ChannelName, type ChannelOutput } from '../../shared/ipc/contract';
import { AppError, type ErrorCode } from '../../shared/result';
import type { Container } from '../../electron/main/container';
import { CliError, EXIT, withServices } from '../io';
import { withDirectory } from '../operator';
import { send, type HttpAnswer } from './http';
import { LOCAL_CHANNELS } from './local-channels';
import type { RemoteTarget } from './target';

/** Runs one contract channel, on a local database or through a team server. */
export interface ChannelRunner {
  /** Validates `input` with the channel's schema, runs the channel, returns its value or throws a CliError. */
  call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>>;
  /** The team server, when the calls go through one. */
  readonly remote: RemoteTarget | null;
}

/** Checks the input as the server and the IPC pipeline will, so a bad argument writes nothing anywhere. */
function checked<C extends ChannelName>(channel: C, input: unknown): unknown {
  const r = contract[channel].input.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  throw new CliError(`Invalid input: ${where}${issue?.message ?? 'not valid'}`, EXIT.usage);
}

/** A failed Result as an exit: what went wrong and what to do. */
export function resultError(code: ErrorCode, message: string, via: string): CliError {
  if (code === 'invalid_input') return new CliError(message, EXIT.usage, false);
  if (code === 'permission_denied')
    return new CliError(
      `${via} refused: ${message} (permission_denied). A token acts with its own role, capped by its owner's current role; use a token whose role may do this.`,
      EXIT.failed,
    );
  if (code === 'not_signed_in' || code === 'session_expired' || code === 'session_revoked')
    return new CliError(
      `${via} refused the token in PORTCULLIS_TOKEN (${code}): ${message}`,
      EXIT.environment,
    );
  return new CliError(message, EXIT.failed);
}

/** Parses a JSON answer, or says the server does not speak Portcullis. */
function json(a: HttpAnswer, base: string): Record<string, unknown> {
  try {
    const v = JSON.parse(a.body.toString('utf8')) as unknown;
    if (v && typeof v === 'object' && 'ok' in v) return v;
  } catch {
    // fall through
  }
  return failNotPortcullis(a, base);
}

function failNotPortcullis(a: HttpAnswer, base: string): never {
  throw new CliError(
    `${base} did not answer like a Portcullis team server (HTTP ${a.status}). Check --server.`,
    EXIT.environment,
  );
}

/**
 * Server text made safe for a terminal: control characters (escape sequences could rewrite the
 * screen) and text-direction overrides become "?", and it is cut at 500 characters.
 */
export function printable(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '?').slice(0, 500);
}

/** The flat Err (`code`, `message`), or a nested `error` object as some proxies wrap it. */
function errorOf(body: Record<string, unknown>): { code: ErrorCode; message: string } {
  const inner = (typeof body.error === 'object' && body.error ? body.error : body) as Record<string, unknown>;
  return {
    code: (typeof inner.code === 'string' ? printable(inner.code) : 'internal') as ErrorCode,
    message: typeof inner.message === 'string' ? printable(inner.message) : 'The server gave no reason.',
  };
}

/** A transport refusal (HTTP 4xx/5xx) as an exit with advice. */
export function transportError(a: HttpAnswer, base: string, what: string): CliError {
  const { message } = errorOf(json(a, base));
  if (a.status === 401)
    return new CliError(
      `The server refused the token in PORTCULLIS_TOKEN (HTTP 401): ${message} It may be mistyped, expired or revoked; check it with 'portcullis token list' on the server or create a new one with 'portcullis token create'.`,
      EXIT.environment,
    );
  if (a.status === 429) {
    const wait = Number(a.headers['retry-after']);
    const when = Number.isFinite(wait) && wait > 0 ? `in ${wait} seconds` : 'in a moment';
    return new CliError(
      `The server is limiting requests from this address or token (HTTP 429). Try again ${when}; a script should pace its calls.`,
      EXIT.failed,
    );
  }
  if (a.status === 404)
    return new CliError(
      `The server does not offer ${what} (HTTP 404): ${message} Is it the same Portcullis version?`,
      EXIT.failed,
    );
  return new CliError(`The server refused ${what} (HTTP ${a.status}): ${message}`, EXIT.failed);
}

/** Channel calls as `POST /api/<channel>` to a team server with the bearer token. */
export class RemoteRunner implements ChannelRunner {
  constructor(readonly remote: RemoteTarget) {}

  async call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    checked(channel, input);
    const a = await send(this.remote, 'POST', `/api/${channel}`, input ?? {});
    if (a.status !== 200) throw transportError(a, this.remote.base, channel);
    const body = json(a, this.remote.base);
    if (body.ok === true) return body.value as ChannelOutput<C>;
    const e = errorOf(body);
    throw resultError(e.code, e.message, `The server at ${this.remote.base}`);
  }
}

/** Channel calls on this machine's database, as the machine's operator (see cli/operator.ts). */
export class LocalRunner implements ChannelRunner {
  readonly remote = null;

  constructor(private readonly c: Container) {}

  async call<C extends ChannelName>(channel: C, input: ChannelInput<C>): Promise<ChannelOutput<C>> {
    const parsed = checked(channel, input);
    const run = LOCAL_CHANNELS[channel] as
      ((s: Container['services'], i: unknown) => Promise<ChannelOutput<C>>) | undefined;
    if (!run) throw new Error(`The CLI has no local runner for ${channel}.`);
    try {
      return await run(this.c.services, parsed);
    } catch (e) {
      if (e instanceof AppError) throw resultError(e.code, e.message, 'The directory');
      throw e;
    }
  }
}

let selected: RemoteTarget | null = null;

/** Chooses the team server for this run (null: local database). Set once per parse by cli/remote/options.ts. */
export function selectRemote(target: RemoteTarget | null): void {
  selected = target;
}

/** The team server chosen for this run, if any. */
export function selectedRemote(): RemoteTarget | null {
  return selected;
}

/**
 * Runs `body` with a runner: through the chosen team server, else on the local database at `db`
 * (an existing one; `create` lets `user add` make a new file as before).
 */
export async function withRunner(
  db: string | undefined,
  body: (r: ChannelRunner) => Promise<void>,
  o: { create?: boolean } = {},
): Promise<void> {
  if (selected) {
    if (db !== undefined)
      throw new CliError(
        'Give --server (or PORTCULLIS_SERVER) or --db, not both: the server has its own database.',
        EXIT.usage,
      );
    await body(new RemoteRunner(selected));
    return;
  }
  const local = (c: Container) => body(new LocalRunner(c));
  await (o.create ? withServices(db, local) : withDirectory(db, local));
}
