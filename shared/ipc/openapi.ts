import { z } from 'zod';
import { ERROR_CODES } from '../result';
import { contract, CHANNELS, type ChannelName } from './contract';
import { isDirectoryChannel } from './scope';
import { serverRoutes } from './openapi-routes';

/** A JSON object as the document holds it. */
type Json = Record<string, unknown>;

/** What buildOpenApi lists; by default every directory channel (shared/ipc/scope.ts). */
export interface OpenApiOptions {
  /** Keeps a channel when true (applied after the scope rule). */
  include?: (name: ChannelName) => boolean;
  /** The document's `servers` entry; '/' (the serving host) when absent. */
  serverUrl?: string;
}

/** The transport-level failures (HTTP 4xx) and what each means for a caller. */
const TRANSPORT_ERRORS: Record<string, string> = {
  '400': 'The body is not JSON.',
  '401': 'No bearer token, or the token is unknown, expired or revoked.',
  '404': 'No such channel on this server (desktop-only channels are not served).',
  '405': 'Only POST is served on /api/<channel>.',
  '413': 'The body is too large.',
  '415': 'The content type is not application/json.',
  '429': 'Too many requests from this address or token; wait Retry-After seconds.',
};

const NORMALISED =
  'The server trims surrounding whitespace (and may normalise the text) before these limits apply.';

/** Says so on a string the server rewrites (trim, lower case) before checking it. */
function noteNormalised(ctx: { zodSchema: unknown; jsonSchema: { description?: string } }): void {
  const def = (ctx.zodSchema as { _zod: { def: { type: string; checks?: unknown[] } } })._zod.def;
  const rewrites = (def.checks ?? []).some(
    (c) => (c as { _zod?: { def?: { check?: string } } })._zod?.def?.check === 'overwrite',
  );
  if (def.type === 'string' && rewrites)
    ctx.jsonSchema.description = [ctx.jsonSchema.description, NORMALISED].filter(Boolean).join(' ');
}

/** The input side of a channel's zod schema as JSON Schema 2020-12 (OpenAPI 3.1's dialect). */
export function inputJsonSchema(name: ChannelName): Json {
  const schema = z.toJSONSchema(contract[name].input, {
    io: 'input',
    target: 'draft-2020-12',
    unrepresentable: 'throw',
    cycles: 'throw',
    reused: 'inline',
    override: noteNormalised,
  }) as Json;
  delete schema.$schema;
  return schema;
}

/** True when the channel accepts no body at all (its schema is optional). */
function bodyOptional(name: ChannelName): boolean {
  return contract[name].input.safeParse(undefined).success;
}

function describeAccess(name: ChannelName): string {
  const access = contract[name].access;
  if (access === 'public') return 'Open to anyone (no token needed).';
  if (access === 'self') return 'Any signed-in caller (a session or an API token), on their own data.';
  return `Needs the permission \`${access}\` (the token's role, capped by its owner's current role).`;
}

function operation(name: ChannelName): Json {
  const [domain = name] = name.split(':');
  const isPublic = contract[name].access === 'public';
  const transport = Object.fromEntries(
    Object.keys(TRANSPORT_ERRORS)
      .filter((status) => !(isPublic && status === '401'))
      .map((status) => [status, { $ref: `#/components/responses/E${status}` }]),
  );
  return {
    post: {
      operationId: name.replace(':', '_'),
      tags: [domain],
      summary: name,
      description: `${describeAccess(name)} The same channel the desktop calls over IPC.`,
      'x-portcullis-access': contract[name].access,
      ...(isPublic ? { security: [] } : {}),
      requestBody: {
        required: !bodyOptional(name),
        content: { 'application/json': { schema: inputJsonSchema(name) } },
      },
      responses: {
        '200': { $ref: '#/components/responses/Result' },
        ...transport,
      },
    },
  };
}

const errorSchema: Json = {
  type: 'object',
  required: ['ok', 'code', 'message'],
  properties: {
    ok: { const: false },
    code: { type: 'string', enum: [...ERROR_CODES] },
    message: { type: 'string', description: 'English text for people; translate by `code`.' },
    details: {
      type: 'object',
      additionalProperties: { type: ['string', 'number', 'boolean'] },
    },
  },
};

function components(): Json {
  const responses: Json = {
    Result: {
      description:
        'The Result of the call, exactly as the desktop receives it over IPC. A refused call (invalid input, permission denied, not found...) is still HTTP 200 with `ok: false`.',
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Result' } } },
    },
  };
  for (const [status, text] of Object.entries(TRANSPORT_ERRORS))
    responses[`E${status}`] = {
      description: text,
      ...(status === '429'
        ? { headers: { 'Retry-After': { schema: { type: 'integer', minimum: 0 } } } }
        : {}),
      content: { 'application/json': { schema: { $ref: '#/components/schemas/Err' } } },
    };
  return {
    securitySchemes: {
      bearer: {
        type: 'http',
        scheme: 'bearer',
        description:
          'An API token (`pcl_…`, created with `portcullis token create` or on My security) or a session token: a successful `auth:signIn` (or `auth:verifyCode`, `auth:useBackupCode`) answers it in the `Portcullis-Session-Token` response header. A second step is bound by the `Portcullis-Challenge` header the sign-in answer carries; send it back on the second-step channels.',
      },
    },
    schemas: {
      Ok: {
        type: 'object',
        required: ['ok', 'value'],
        properties: { ok: { const: true }, value: { description: "The channel's output." } },
      },
      Err: errorSchema,
      Result: { oneOf: [{ $ref: '#/components/schemas/Ok' }, { $ref: '#/components/schemas/Err' }] },
    },
    responses,
  };
}

/**
 * The team server's OpenAPI 3.1 document, generated from the zod contract: one
 * `POST /api/<channel>` per directory channel, its body the input side of the channel's schema.
 * Checks written in code (refinements) are not expressible in JSON Schema: the server still
 * applies them and answers `invalid_input`.
 */
export function buildOpenApi(options: OpenApiOptions = {}): Json {
  const names = CHANNELS.filter((n) => isDirectoryChannel(n) && (options.include?.(n) ?? true));
  const domains = [...new Set(names.map((n) => n.split(':')[0] ?? n))];
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://spec.openapis.org/oas/3.1/dialect/base',
    info: {
      title: 'Portcullis team server',
      version: '1',
      description:
        'Every directory channel of the desktop contract as `POST /api/<channel>` with a JSON body. Answers are Results (`ok: true` with `value`, or `ok: false` with `code` and `message`); HTTP 4xx only for transport problems.',
    },
    servers: [{ url: options.serverUrl ?? '/' }],
    security: [{ bearer: [] }],
    tags: [...domains, 'server'].map((name) => ({ name })),
    paths: { ...Object.fromEntries(names.map((n) => [`/api/${n}`, operation(n)])), ...serverRoutes() },
    components: components(),
  };
}
