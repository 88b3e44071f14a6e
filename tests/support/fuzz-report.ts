import type { Tally } from './fuzz-runner';

type Rows = Map<string, Record<string, unknown>[]>;

/** What changed in the named tables: added and removed rows, or the changed columns of a row. */
export function diff(a: Rows, b: Rows, tables: string[]): string {
  const out: string[] = [];
  const key = (r: Record<string, unknown>) => JSON.stringify(Object.values(r)[0]);
  for (const t of tables) {
    const before = a.get(t) ?? [];
    const after = b.get(t) ?? [];
    for (const row of after) {
      const old = before.find((r) => key(r) === key(row));
      const cols = old
        ? Object.keys(row).filter((k) => JSON.stringify(row[k]) !== JSON.stringify(old[k]))
        : [];
      if (!old) out.push(`${t} + ${JSON.stringify(row).slice(0, 300)}`);
      else if (cols.length > 0)
        out.push(
          `${t} ${key(row)}: ${cols.map((k) => `${k} ${JSON.stringify(old[k])} -> ${JSON.stringify(row[k])}`.slice(0, 200)).join(', ')}`,
        );
    }
    for (const row of before)
      if (!after.some((r) => key(r) === key(row))) out.push(`${t} - ${JSON.stringify(row).slice(0, 300)}`);
  }
  return out.join('\n');
}

const LOOKS_LIKE_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;
const STORED_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/** `table.column = value` for each new or changed value that looks like an instant but is not in the stored form. */
export function nonCanonicalDates(a: Rows, b: Rows): string[] {
  const out: string[] = [];
  for (const [t, rows] of b) {
    const before = new Set((a.get(t) ?? []).map((r) => JSON.stringify(r)));
    for (const row of rows) {
      if (before.has(JSON.stringify(row))) continue;
      for (const [col, v] of Object.entries(row))
        if (typeof v === 'string' && LOOKS_LIKE_INSTANT.test(v) && !STORED_INSTANT.test(v))
          out.push(`${t}.${col} = ${v}`);
    }
  }
  return out;
}

/** The printed summary: counts first, then each internal error with its stack, then each failure. */
export function summary(
  t: Tally,
  o: {
    seed: number;
    channels: number;
    callers: string[];
    knownInternal: readonly { channel: string; bug: string }[];
    knownTextDates?: readonly { column: string; bug: string }[];
  },
): string {
  const refusals = Object.entries(t.refusals)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${k} ${n}`)
    .join(', ');
  return [
    `IPC property fuzz (seed ${o.seed}; set PORTCULLIS_FUZZ_SEED to replay another): ${o.channels} channels x ${o.callers.length} callers (${o.callers.join(', ')}), victim member B`,
    `  runs ${t.calls}, payloads that passed the schema ${t.schemaPassed} (${((100 * t.schemaPassed) / Math.max(1, t.calls)).toFixed(1)}%), handler reached ${t.reached}, ok ${t.ok}, aimed at member B ${t.aimedAtVictim}`,
    `  refusals: ${refusals}`,
    `  channels whose handler was reached ${[...t.generated.values()].filter((g) => g.reached > 0).length}/${t.generated.size}, answered ok at least once ${[...t.generated.values()].filter((g) => g.ok > 0).length}/${t.generated.size}; never ok: ${
      [...t.generated]
        .filter(([, g]) => g.ok === 0)
        .map(([ch, g]) => `${ch} (${[...g.codes].join('/')})`)
        .join(', ') || 'none'
    }`,
    `  internal errors ${t.internal.length}, writes on refusal ${t.writesOnRefusal.length}, cross-user effects ${t.crossUser.length}`,
    `  timestamps stored in another form than UTC-ms-Z ${t.textDates.length}${t.textDates.length > 0 ? ` (e.g. ${t.textDates[0]?.slice(0, 200) ?? ''})` : ''}`,
    ...(o.knownTextDates ?? []).map((k) => `  KNOWN BUG ${k.column}: ${k.bug}`),
    `  fixture put back ${t.restored} times, windows signed in again ${t.resigned} times`,
    `  known internal errors (fix, then remove from KNOWN_INTERNAL): ${o.knownInternal.length === 0 ? 'none' : o.knownInternal.map((k) => `${k.channel}: ${k.bug}`).join('; ')}`,
    ...t.internal.map(
      (i) => `  INTERNAL ${i.payload}\n    ${i.stack.split('\n').slice(0, 6).join('\n    ')}`,
    ),
    ...t.failures.map((f) => `  FAILED ${f}`),
  ].join('\n');
}
