import { Ajv2020 } from 'ajv/dist/2020';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildOpenApi, inputJsonSchema } from '../shared/ipc/openapi';
import { contract, CHANNELS, type ChannelName } from '../shared/ipc/contract';
import { DIRECTORY_CHANNELS, channelScope } from '../shared/ipc/scope';
import { arbitraryFor } from './support/zod-arbitrary';
import { malformedPayloads } from './support/fuzz-payloads';

type Json = Record<string, unknown>;
const doc = buildOpenApi() as Json & { paths: Record<string, { post: Json; get?: Json }>; components: Json };

/** ajv 8 (already installed by electron-builder) speaks JSON Schema 2020-12, OpenAPI 3.1's dialect. */
const ajv = new Ajv2020({ strict: true, validateFormats: false, allErrors: false });
const validators = new Map(CHANNELS.map((n) => [n, ajv.compile(inputJsonSchema(n))]));
const jsonAccepts = (n: ChannelName, body: unknown) => validators.get(n)?.(body) === true;

/** `v` as JSON would carry it, or undefined when it cannot be sent (cyclic, too deep, a bare undefined). */
function wire(v: unknown): unknown {
  try {
    const text = JSON.stringify(v) as string | undefined;
    return text === undefined ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

/** Strings trimmed, as the server does before its limits apply (the document says so on those fields). */
function trimmed(v: unknown, depth = 0): unknown {
  if (depth > 20) return v; // deep junk: no field of any channel is that deep
  if (typeof v === 'string') return v.trim();
  if (Array.isArray(v)) return v.map((x) => trimmed(x, depth + 1));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, trimmed(x, depth + 1)]));
  return v;
}

/** Every `$ref` string anywhere under `node`. */
function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const v of node) refs(v, out);
  else if (node && typeof node === 'object')
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  return out;
}

function resolvePointer(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/'))
    node = node && typeof node === 'object' ? (node as Json)[part] : undefined;
  return node;
}

/**
 * Channels whose every rule is expressible in JSON Schema (no refinement or transform-then-check):
 * for these, every body zod refuses must be refused by the published schema too.
 */
const EXACT: ChannelName[] = [
  'users:list',
  'users:get',
  // Not users:create: its email is trimmed, then checked by z.email() (a pipe: JSON Schema shows the
  // input side, a string of at most 254 characters). The hand-made cases below still cover it.
  'users:block',
  'users:disableTwoFactor',
  'sessions:listAll',
  'sessions:revokeAny',
  'tokens:create',
  'tokens:listAll',
  'tokens:revokeAny',
  'audit:list',
  'audit:exportStatus',
];

describe('buildOpenApi', () => {
  it('is an OpenAPI 3.1 document with one POST /api/<channel> per channel, a bearer scheme and Result answers', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(typeof (doc.info as Json).title).toBe('string');
    expect(typeof (doc.info as Json).version).toBe('string');
    expect(doc.components).toMatchObject({ securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } });
    expect(doc.security).toEqual([{ bearer: [] }]);
    const api = Object.keys(doc.paths).filter((p) => p.startsWith('/api/'));
    expect(api.sort()).toEqual(DIRECTORY_CHANNELS.map((n) => `/api/${n}`).sort());
    // The server's other routes: liveness, readiness, push events, the export download.
    expect(
      Object.keys(doc.paths)
        .filter((p) => !p.startsWith('/api/'))
        .sort(),
    ).toEqual(['/events', '/exports/{id}', '/health', '/ready']);
    expect(doc.paths['/health']?.get).toMatchObject({ security: [] });
    expect(doc.paths['/exports/{id}']?.get).not.toHaveProperty('security');
    expect(DIRECTORY_CHANNELS.length).toBeGreaterThan(70);
    const ids = new Set<string>();
    for (const name of DIRECTORY_CHANNELS) {
      const op = doc.paths[`/api/${name}`]?.post as Json & { responses: Json; requestBody: Json };
      expect(Object.keys(doc.paths[`/api/${name}`] ?? {})).toEqual(['post']);
      expect(op.operationId).toMatch(/^[A-Za-z]+_[A-Za-z]+$/);
      ids.add(op.operationId as string);
      expect(op.requestBody).toHaveProperty(['content', 'application/json', 'schema']);
      expect(op.responses['200']).toEqual({ $ref: '#/components/responses/Result' });
      for (const status of ['400', '404', '405', '413', '415', '429'])
        expect(op.responses).toHaveProperty(status);
      // A public channel needs no token, so it neither asks for one nor answers 401.
      if (contract[name].access === 'public') {
        expect(op.security).toEqual([]);
        expect(op.responses).not.toHaveProperty('401');
      } else {
        expect(op).not.toHaveProperty('security');
        expect(op.responses).toHaveProperty('401');
      }
    }
    expect(ids.size).toBe(DIRECTORY_CHANNELS.length);
  });

  it('holds no dangling $ref, no nested $schema and survives a JSON round trip unchanged', () => {
    const all = refs(doc);
    expect(all.length).toBeGreaterThan(DIRECTORY_CHANNELS.length);
    for (const r of all) expect(resolvePointer(r), r).toBeDefined();
    expect(JSON.stringify(doc)).not.toContain('"$schema"');
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });

  it('leaves out desktop channels and takes an include filter', () => {
    const only = buildOpenApi({ include: (n) => n.startsWith('users:') }) as { paths: Json };
    expect(Object.keys(only.paths).filter((p) => p.startsWith('/api/')).length).toBe(
      CHANNELS.filter((n) => n.startsWith('users:')).length,
    );
    const desktop = CHANNELS.filter((n) => channelScope(n) === 'desktop');
    expect(desktop).toEqual(expect.arrayContaining(['auth:createOwner', 'clipboard:writeText']));
    for (const name of desktop) expect(doc.paths).not.toHaveProperty(`/api/${name}`);
  });

  it('compiles every channel schema under ajv strict mode (JSON Schema 2020-12)', () => {
    expect(validators.size).toBe(CHANNELS.length);
  });
});

describe('published schemas against the zod contract', () => {
  it('accept every body zod accepts (no channel is stricter in the document than on the server)', () => {
    for (const name of CHANNELS) {
      const samples = fc.sample(arbitraryFor(contract[name].input), { numRuns: 25, seed: 5 });
      for (const body of samples) {
        // Only bodies a script could send: JSON (undefined means "no body", sent as {}); strings
        // already trimmed, since the published limits apply to the trimmed text.
        const sent = trimmed(wire(body ?? {}));
        if (!contract[name].input.safeParse(sent).success) continue;
        expect(jsonAccepts(name, sent), `${name} ${JSON.stringify(sent)}`).toBe(true);
      }
    }
  });

  it.each(EXACT)('%s: every hostile body zod refuses is refused by the published schema too', (name) => {
    // As a script would send them: JSON (a prototype key or a cycle does not survive the trip).
    const bad = malformedPayloads(contract[name].input, 100)
      .map(wire)
      .filter((b) => b !== undefined && !contract[name].input.safeParse(b).success);
    expect(bad.length).toBeGreaterThanOrEqual(80);
    // Read as documented: the limits apply to the trimmed text (a name of spaces is empty).
    expect(bad.filter((b) => jsonAccepts(name, trimmed(b)))).toEqual([]);
    // Most are refused even by a validator that does not trim.
    expect(bad.filter((b) => jsonAccepts(name, b)).length).toBeLessThan(bad.length / 10);
  });

  it('refuses hand-made attacks the server refuses: extra keys, wrong types, out-of-range numbers, bad ids', () => {
    const cases: [ChannelName, unknown][] = [
      ['users:list', { pageSize: 501 }],
      ['users:list', { search: 'x'.repeat(201) }],
      ['users:list', { sort: 'password_hash' }],
      ['users:create', { username: 'eve', role: 'root' }],
      ['users:get', { id: 0 }],
      ['users:get', { id: 1.5 }],
      ['users:get', { id: '1' }],
      ['users:block', { userIds: [] }],
      ['sessions:revokeAny', { sessionId: 'ABCDEF' }],
      ['sessions:revokeAny', { sessionId: `${'a'.repeat(32)}\n` }],
      ['tokens:create', { name: 'ci', months: 13, role: 'member' }],
      ['tokens:create', { name: 'ci', months: 1, role: 'member', userId: 1 }],
      ['audit:list', { filter: { from: 'yesterday' } }],
      ['audit:list', { filter: {}, isAdmin: true }],
    ];
    for (const [name, body] of cases) {
      expect(contract[name].input.safeParse(body).success, `zod ${name}`).toBe(false);
      expect(jsonAccepts(name, body), `json ${name} ${JSON.stringify(body)}`).toBe(false);
    }
  });
});
