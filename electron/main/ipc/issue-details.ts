import type { z } from 'zod';
import type { Err } from '../../../shared/result';

type Details = NonNullable<Err['details']>;

const scalar = (v: unknown): string | number | boolean | null =>
  typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean'
    ? v
    : typeof v === 'bigint'
      ? Number(v)
      : null;

/**
 * The first schema issue as machine-readable details for the renderer to translate:
 * `{ field: 'a.b', issue: <zod issue code>, origin?, minimum?, maximum?, inclusive?, format?, expected? }`.
 * Never the refused value (a password typed into the wrong field must not travel back or be logged).
 */
export function issueDetails(error: z.ZodError): Details {
  const issue = error.issues[0];
  if (!issue) return {};
  const out: Details = {
    field: issue.path
      .map((p) => String(p).slice(0, 32))
      .join('.')
      .slice(0, 128),
    issue: issue.code,
  };
  const raw = issue as unknown as Record<string, unknown>;
  for (const key of ['origin', 'minimum', 'maximum', 'inclusive', 'format', 'expected'] as const) {
    const v = scalar(raw[key]);
    if (v !== null) out[key] = typeof v === 'string' ? v.slice(0, 32) : v;
  }
  return out;
}
