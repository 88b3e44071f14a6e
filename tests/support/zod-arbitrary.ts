import fc from 'fast-check';
import type { z } from 'zod';

/**
 * zod 4 -> fast-check: arbitraries that generate inputs a schema accepts, biased toward
 * hostile-but-valid values (strings at their maximum, unicode, SQL/HTML-ish text, boundary
 * numbers, and caller-supplied "hints" such as other users' ids). zod-fast-check (0.10.1) needs
 * zod 3 and fast-check < 4, so this walks zod 4's `_zod.def` for the types the IPC contract
 * uses; anything else throws, so a contract change that needs a new type fails loudly instead
 * of fuzzing nothing.
 */

/** Values worth trying for a field, by field name (read at generation time: they may change). */
export type FieldHints = Readonly<Record<string, () => readonly unknown[]>>;

/** A schema type this converter does not know. */
export class UnsupportedSchemaError extends Error {}

interface Def {
  type: string;
  checks?: { _zod: { def: CheckDef } }[];
  [key: string]: unknown;
}
interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  minimum?: number;
  maximum?: number;
  length?: number;
  value?: number;
  inclusive?: boolean;
}

const defOf = (s: unknown): Def => (s as { _zod: { def: Def } })._zod.def;
const checksOf = (d: Def): CheckDef[] => (d.checks ?? []).map((c) => c._zod.def);

/** Text that has broken other programs: SQL, HTML, template and format strings, control and bidi characters. */
export const HOSTILE_TEXT: readonly string[] = [
  "' OR '1'='1' --",
  "x'); DROP TABLE users; --",
  '" OR ""="',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(document.domain)>',
  '${7*7}{{7*7}}#{7*7}',
  '%s%s%s%n%x',
  '../../../../etc/passwd',
  '__proto__',
  'constructor',
  'a\r\nBcc: attacker@example.net',
  'nul\u0000byte',
  '\u202egnp.exe',
  'Z\u0351\u0353\u036b\u0316a\u0308lgo\u0301',
  '👩‍👩‍👧‍👦🏳️‍🌈',
  'Ωmega ünïcödé 中文 العربية',
  '%_%\\',
  '\ud800lone surrogate',
  'null',
  'undefined',
];

/** Length as zod 4 measures strings: code points, not UTF-16 units. */
const cpLength = (s: string) => Array.from(s).length;

/** Trims like the contract does and forces the length into [min, max] code points. */
function fit(s: string, min: number, max: number): string {
  let v = Array.from(s.trim()).slice(0, max).join('').trim();
  while (cpLength(v) < min) v += 'x';
  return v;
}

/**
 * Repeats or cuts a pattern match into [min, max]: keeps `^[class]+$`-style patterns matching
 * without a filter that could spin forever; other patterns are left to the schema check to judge.
 */
function stretch(s: string, min: number, max: number): string {
  if (s.length === 0) return s;
  let v = s;
  while (cpLength(v) < min) v += s;
  return Array.from(v).slice(0, max).join('');
}

function lengthBounds(checks: CheckDef[]): { min: number; max: number } {
  let min = 0;
  let max = Number.POSITIVE_INFINITY;
  for (const c of checks) {
    if (c.check === 'min_length' && c.minimum !== undefined) min = Math.max(min, c.minimum);
    if (c.check === 'max_length' && c.maximum !== undefined) max = Math.min(max, c.maximum);
    if (c.check === 'length_equals' && c.length !== undefined) min = max = c.length;
  }
  return { min, max };
}

/** Emails zod's regex accepts: quotes and plus signs, upper case, and one at the 254-character limit. */
function emailArb(max: number): fc.Arbitrary<string> {
  const localChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'+-".split('');
  const local = fc
    .string({ unit: fc.constantFrom(...localChars), minLength: 1, maxLength: 24 })
    .map((s) => (s.endsWith("'") ? `${s}x` : s));
  const label = fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,12}$/);
  const tld = fc.stringMatching(/^[a-z]{2,6}$/);
  const plain = fc
    .tuple(local, fc.array(label, { minLength: 1, maxLength: 3 }), tld)
    .map(([l, labels, t]) => `${l}@${labels.join('.')}.${t}`);
  const longest = fc.constant(
    `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(Math.max(2, Math.min(max, 254) - 64 - 1 - 128 - 4))}.io`.slice(
      0,
      Math.min(max, 254),
    ),
  );
  const quoted = fc.constantFrom("robert'--@example.com", "o'brien+admin@example.org", 'ADMIN@EXAMPLE.COM');
  return fc.oneof({ arbitrary: plain, weight: 4 }, longest, quoted).filter((e) => e.length <= max);
}

/** RFC 3339 date-times, with offsets when allowed, from year 0000 to 9999. */
function datetimeArb(d: Def): fc.Arbitrary<string> {
  const date = fc.date({
    min: new Date('0000-01-01T00:00:00Z'),
    max: new Date('9999-12-31T23:59:59Z'),
    noInvalidDate: true,
  });
  const offset = d.offset ? fc.constantFrom('Z', '+00:00', '+23:59', '-23:59', '+05:30') : fc.constant('Z');
  return fc.tuple(date, offset).map(([t, o]) => t.toISOString().replace('Z', o));
}

function stringArb(d: Def): fc.Arbitrary<string> {
  const checks = checksOf(d);
  const { min, max } = lengthBounds(checks);
  const format = (d.format as string | undefined) ?? checks.find((c) => c.check === 'string_format')?.format;
  const pattern =
    (d.pattern as RegExp | undefined) ?? checks.find((c) => c.check === 'string_format')?.pattern;
  if (format === 'email') return emailArb(max);
  if (format === 'datetime') return datetimeArb(d);
  if (format === 'uuid' || format === 'guid') return fc.uuid();
  if (pattern)
    return fc
      .oneof(...(['small', 'medium', 'xlarge'] as const).map((size) => fc.stringMatching(pattern, { size })))
      .map((s) => stretch(s, min, max));
  if (format) throw new UnsupportedSchemaError(`string format "${format}"`);
  const cap = Number.isFinite(max) ? max : 4096;
  const padded = (a: fc.Arbitrary<string>) =>
    fc.tuple(a, fc.constantFrom('', ' ', '\t ')).map(([s, pad]) => pad + fit(s, min, cap) + pad);
  return fc.oneof(
    {
      arbitrary: padded(fc.string({ unit: 'grapheme', minLength: min, maxLength: Math.min(cap, 40) })),
      weight: 3,
    },
    { arbitrary: padded(fc.constantFrom(...HOSTILE_TEXT)), weight: 2 },
    fc.constantFrom('A', 'é', '😀', '<>', "'").map((c) => fit(c.repeat(cap), min, cap)),
  );
}

function numberArb(d: Def): fc.Arbitrary<number> {
  let min = -Number.MAX_SAFE_INTEGER;
  let max = Number.MAX_SAFE_INTEGER;
  let int = false;
  for (const c of checksOf(d)) {
    if (c.check === 'number_format') int = true;
    if (c.check === 'greater_than' && c.value !== undefined)
      min = Math.max(min, c.inclusive ? c.value : c.value + (int ? 1 : Number.EPSILON));
    if (c.check === 'less_than' && c.value !== undefined)
      max = Math.min(max, c.inclusive ? c.value : c.value - (int ? 1 : Number.EPSILON));
  }
  if (int) {
    min = Math.ceil(min);
    max = Math.floor(max);
    const edges = [min, max, min + 1, max - 1, 0, 1, 2 ** 31 - 1, 2 ** 31, 2 ** 32].filter(
      (n) => n >= min && n <= max,
    );
    return fc.oneof({ arbitrary: fc.integer({ min, max }), weight: 2 }, fc.constantFrom(...edges));
  }
  return fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
}

/** Keys an object may leave out: optional fields and fields with a default. */
const omittable = (s: unknown) => ['optional', 'default', 'prefault'].includes(defOf(s).type);

/** Hints by field name; fields in `only` take their hints and nothing else (e.g. hosts to connect to). */
export interface HintOptions {
  hints?: FieldHints;
  only?: ReadonlySet<string>;
}

/** An arbitrary for inputs `schema` should accept, with hostile hints mixed in for named fields. */
export function arbitraryFor(schema: z.ZodType, o: HintOptions = {}): fc.Arbitrary<unknown> {
  return build(schema, { hints: o.hints ?? {}, only: o.only ?? new Set() }, '');
}

type Ctx = Required<HintOptions>;

/**
 * Mixes the field's hints (those the leaf schema accepts) into `arb`. A leaf with a refinement
 * (`custom` check) uses its hints alone, since random text almost never satisfies a predicate;
 * so does a field in `only`, which never falls back to a random value.
 */
function withHint(arb: fc.Arbitrary<unknown>, leaf: unknown, ctx: Ctx, field: string): fc.Arbitrary<unknown> {
  const hint = Object.hasOwn(ctx.hints, field) ? ctx.hints[field] : undefined;
  if (!hint) return arb;
  const only = ctx.only.has(field);
  const accepts = (v: unknown) => (leaf as z.ZodType).safeParse(v).success;
  const hinted = fc.tuple(fc.nat(), only ? fc.constant(undefined) : arb).map(([i, fallback]) => {
    const all = hint();
    const valid = all.filter(accepts);
    if (valid.length > 0) return valid[i % valid.length];
    return only ? all[0] : fallback;
  });
  return only || checksOf(defOf(leaf)).some((c) => c.check === 'custom') ? hinted : fc.oneof(arb, hinted);
}

function build(schema: unknown, ctx: Ctx, field: string): fc.Arbitrary<unknown> {
  const d = defOf(schema);
  switch (d.type) {
    case 'string':
      return withHint(stringArb(d), schema, ctx, field);
    case 'number':
      return withHint(numberArb(d), schema, ctx, field);
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'undefined':
      return fc.constant(undefined);
    case 'enum':
      return fc.constantFrom(...Object.values(d.entries as Record<string, unknown>));
    case 'literal':
      return fc.constantFrom(...(d.values as unknown[]));
    case 'optional':
    case 'default':
    case 'prefault':
      return fc.oneof(fc.constant(undefined), build(d.innerType, ctx, field));
    case 'nullable':
      return fc.oneof(fc.constant(null), build(d.innerType, ctx, field));
    case 'readonly':
    case 'catch':
    case 'nonoptional':
      return build(d.innerType, ctx, field);
    case 'union':
      return withHint(
        fc.oneof(...(d.options as unknown[]).map((o) => build(o, ctx, field))),
        schema,
        ctx,
        field,
      );
    case 'pipe':
      // A transform accepts whatever its input produced; otherwise the output schema is the stricter one.
      return defOf(d.out).type === 'transform' ? build(d.in, ctx, field) : build(d.out, ctx, field);
    case 'array': {
      const { min, max } = lengthBounds(checksOf(d));
      const element = build(d.element, ctx, field);
      const arrays = [fc.array(element, { minLength: min, maxLength: Math.min(max, 20) })];
      if (Number.isFinite(max) && max <= 1000)
        arrays.push(fc.array(element, { minLength: max, maxLength: max }));
      return withHint(fc.oneof(...arrays), schema, ctx, field);
    }
    case 'record':
      return fc.dictionary(
        build(d.keyType, ctx, field) as fc.Arbitrary<string>,
        build(d.valueType, ctx, field),
        { maxKeys: 5 },
      );
    case 'object': {
      const shape = d.shape as Record<string, unknown>;
      const model = Object.fromEntries(
        Object.entries(shape).map(([k, v]) => [k, build(omittable(v) ? defOf(v).innerType : v, ctx, k)]),
      );
      const requiredKeys = Object.keys(shape).filter((k) => !omittable(shape[k]));
      return fc.record(model, { requiredKeys });
    }
    default:
      throw new UnsupportedSchemaError(`zod type "${d.type}"${field ? ` (field ${field})` : ''}`);
  }
}
