import { z } from 'zod';

/** A phone number in E.164 form, e.g. +447700900123. */
export const e164 = z
  .string()
  .trim()
  .regex(/^\+[1-9]\d{6,14}$/, 'Enter the number in international form, e.g. +447700900123');

/** A host name or address (no scheme, no path). */
export const host = z
  .string()
  .trim()
  .max(253)
  .regex(/^[a-zA-Z0-9.:[\]-]*$/, 'Enter a host name such as smtp.example.com');

/** An http:// or https:// address, or empty. */
export const httpUrl = z
  .string()
  .trim()
  .max(500)
  .refine((v) => v === '' || /^https?:\/\/[^\s]+$/.test(v), 'Enter an http:// or https:// address');

/** A secret typed into a form: absent keeps the stored one, '' removes it. */
export const secret = z.string().max(1024).optional();
