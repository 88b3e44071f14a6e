import type { AuditCode } from '../audit-catalog';

/**
 * An audit event's message in one language: a template per catalogued code (same `{keys}` as
 * the English one in audit-catalog.ts; `{key|one:…|other:…}` picks a plural word, see
 * message-template.ts), stand-ins for a missing actor or subject, and words for common coded
 * detail values (`reason: 'wrong_password'`, `role: 'member'`) that would otherwise show as codes.
 */
export interface AuditMessages {
  messages: Readonly<Record<AuditCode, string>>;
  system: string;
  unknownUser: string;
  values: Readonly<Record<string, string>>;
}
