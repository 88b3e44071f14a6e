import { z } from 'zod';
import { ROLES } from '../domain/roles';

/** Reusable input pieces: every payload is strict (unknown keys are an error). */
export const empty = z.strictObject({}).optional();

export const username = z
  .string()
  .trim()
  .min(3, 'Use at least 3 characters')
  .max(64, 'Use at most 64 characters')
  .regex(/^[a-zA-Z0-9._-]+$/, 'Use letters, digits, dot, dash or underscore');

export const email = z.string().trim().max(254).pipe(z.email('Enter a valid email address'));

/** A password as typed: length only; policy checks live in main. */
export const password = z
  .string()
  .min(1, 'Enter the password')
  .max(1024, 'Passwords are at most 1024 characters');

export const displayName = z.string().trim().min(1).max(128);

export const role = z.enum(ROLES);

export const pageRequest = {
  page: z.number().int().min(1).max(1_000_000).default(1),
  pageSize: z.number().int().min(1).max(500).default(50),
};

/**
 * An ISO 8601 date-time with any offset, stored and compared as UTC (`…Z` with milliseconds):
 * the database compares times as text, so `20:00+13:00` must become `07:00Z` before it is used.
 */
export const isoDate = z.iso.datetime({ offset: true }).transform((v) => new Date(v).toISOString());
