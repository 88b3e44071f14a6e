import { z } from 'zod';

/** A JSON-schema property, as much of it as the generator reads. */
interface JsonProp {
  type?: string;
  enum?: unknown[];
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  anyOf?: JsonProp[];
  properties?: Record<string, JsonProp>;
  required?: string[];
}

const HUGE = 'A'.repeat(1_000_000);

/** An object nested `depth` levels deep ({a:{a:{...}}}). */
function deep(depth: number): unknown {
  let v: unknown = 'bottom';
  for (let i = 0; i < depth; i++) v = { a: v };
  return v;
}

/** Values that are wrong for almost any field. */
const BAD_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  -0.5,
  1.5,
  Number.MAX_SAFE_INTEGER + 2,
  NaN,
  Infinity,
  '',
  ' ',
  HUGE,
  '2026-13-45T99:99:99Z',
  'not a date',
  [],
  ['a', 1],
  {},
  deep(2_000),
  JSON.parse('{"__proto__": {"polluted": true}}'),
  { constructor: { prototype: { polluted: true } } },
  new Date('invalid'),
];

/** Payloads that are not even objects. */
const JUNK: unknown[] = [
  null,
  42,
  -3,
  2.5,
  'payload',
  HUGE,
  true,
  [],
  [{}],
  deep(10_000),
  JSON.parse('{"__proto__": {"polluted": true}}'),
  JSON.parse('{"constructor": {"prototype": {"polluted": true}}}'),
  { extraField: 1 },
  { ['x'.repeat(10_000)]: 1 },
];

/** A plausible value for a property (it need not pass; mutations are what count). */
function sample(name: string, p: JsonProp): unknown {
  if (p.anyOf?.[0]) return sample(name, p.anyOf[0]);
  if (p.enum?.length) return p.enum[0];
  if (p.type === 'boolean') return true;
  if (p.type === 'integer' || p.type === 'number') return Math.max(1, p.minimum ?? 1);
  if (p.type === 'object') return base(p);
  if (p.type === 'array') return [];
  if (/email/i.test(name)) return 'someone@example.com';
  if (/phone/i.test(name)) return '+447700900123';
  if (/(^|[a-z])(at|from|to|date|until)$/i.test(name)) return '2026-05-01T00:00:00.000Z';
  const len = Math.min(Math.max(p.minLength ?? 1, 8), p.maxLength ?? 8);
  return 'valid_' + 'x'.repeat(Math.max(0, len - 6));
}

function base(schema: JsonProp): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, p] of Object.entries(schema.properties ?? {})) out[k] = sample(k, p);
  return out;
}

/**
 * For the schema-rejection test: at least `min` payloads the channel's schema rejects (none of
 * them reaches a handler; schema-valid payloads come from zod-arbitrary.ts): junk, every field set to every bad
 * value, each required field removed, and extra or prototype-polluting keys.
 */
export function malformedPayloads(input: z.ZodType, min = 100): unknown[] {
  const json = z.toJSONSchema(input, { io: 'input', unrepresentable: 'any' }) as JsonProp;
  const valid = base(json);
  const candidates: unknown[] = [...JUNK];
  for (const key of Object.keys(json.properties ?? {})) {
    for (const bad of BAD_VALUES) candidates.push({ ...valid, [key]: bad });
  }
  for (const key of json.required ?? []) {
    candidates.push(Object.fromEntries(Object.entries(valid).filter(([k]) => k !== key)));
  }
  candidates.push(
    { ...valid, extra: true },
    { ...valid, isAdmin: true, role: 'owner' },
    Object.assign(JSON.parse('{"__proto__": {"isAdmin": true}}') as object, valid),
    { ...valid, constructor: 'x' },
  );
  const rejected = candidates.filter((c) => !input.safeParse(c).success);
  for (let i = 0; rejected.length < min; i++) {
    const filler = [i, -i - 1, `junk-${i}`, [i], { [`unknown${i}`]: i, ...valid }, deep(i + 2)][i % 6];
    if (!input.safeParse(filler).success) rejected.push(filler);
    if (i > 10_000)
      throw new Error('This schema accepts almost anything: it cannot be fuzzed to 100 rejections.');
  }
  return rejected;
}
