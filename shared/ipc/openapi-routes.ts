/** A JSON object as the document holds it. */
type Json = Record<string, unknown>;

const status = (value: string): Json => ({
  type: 'object',
  required: ['ok', 'value'],
  properties: { ok: { const: true }, value: { type: 'object', properties: { status: { const: value } } } },
});

const json = (schema: Json): Json => ({ 'application/json': { schema } });
const err = (description: string): Json => ({
  description,
  content: json({ $ref: '#/components/schemas/Err' }),
});

/**
 * The team server's routes besides the channels: liveness, readiness, the push event stream
 * and the audit export download (what `POST /api/audit:export` answers as `value.path`).
 */
export function serverRoutes(): Json {
  return {
    '/health': {
      get: {
        operationId: 'health',
        tags: ['server'],
        summary: 'Liveness: the process answers (no database is touched).',
        security: [],
        responses: { '200': { description: 'Alive.', content: json(status('live')) } },
      },
    },
    '/ready': {
      get: {
        operationId: 'ready',
        tags: ['server'],
        summary: 'Readiness: the database is reachable and migrated.',
        security: [],
        responses: {
          '200': { description: 'Ready.', content: json(status('ready')) },
          '503': err('The database is not reachable or not migrated (code retry_later).'),
        },
      },
    },
    '/events': {
      get: {
        operationId: 'events',
        tags: ['server'],
        summary:
          "Server-Sent Events for the bearer's session (e.g. `session:ended`): `event: <name>` and `data: <JSON>`.",
        responses: {
          '200': {
            description: 'The event stream.',
            content: { 'text/event-stream': { schema: { type: 'string' } } },
          },
          '401': { $ref: '#/components/responses/E401' },
          '429': { $ref: '#/components/responses/E429' },
        },
      },
    },
    '/exports/{id}': {
      get: {
        operationId: 'exportDownload',
        tags: ['audit'],
        summary:
          'Downloads a finished audit export, once, with the token or session that started it (poll `audit:exportStatus` until `state` is `done`).',
        parameters: [
          { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9a-f]{32}$' } },
        ],
        responses: {
          '200': {
            description: 'The signed JSON Lines file (or CSV); the server deletes its copy afterwards.',
            content: {
              'application/x-ndjson': { schema: { type: 'string' } },
              'text/csv': { schema: { type: 'string' } },
            },
          },
          '401': { $ref: '#/components/responses/E401' },
          '404': err('No such export, not finished, already downloaded, or started by someone else.'),
        },
      },
    },
  };
}
