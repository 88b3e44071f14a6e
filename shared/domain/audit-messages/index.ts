import { AUDIT_CATALOG, type AuditCode } from '../audit-catalog';
import type { Language } from '../language';
import { fillTemplate } from '../message-template';
import { auditMessagesEs } from './es';
import { auditMessagesRu } from './ru';
import type { AuditMessages } from './types';

export type { AuditMessages } from './types';

/** The translated audit messages; English is the catalogue's own text (audit-catalog.ts). */
export const AUDIT_MESSAGES: Readonly<Record<Exclude<Language, 'en'>, AuditMessages>> = {
  es: auditMessagesEs,
  ru: auditMessagesRu,
};

/** Detail keys whose coded values are shown in words (other values, e.g. a token's name, never are). */
const WORDED_KEYS: ReadonlySet<string> = new Set(['reason', 'role']);

/** An event as the log shows it: code, the English message stored with it, names and details. */
export interface AuditMessageSource {
  code: string;
  message: string;
  actorName: string | null;
  subjectName: string | null;
  details: Readonly<Record<string, unknown>>;
}

function isCatalogued(code: string): code is AuditCode {
  return Object.hasOwn(AUDIT_CATALOG, code);
}

/**
 * The event's message in the viewer's language, made from its code and details. English, and
 * codes this version does not know (a newer directory's), show the stored English text, which
 * is also what exports and the hash chain keep.
 */
export function formatAuditMessage(event: AuditMessageSource, language: Language): string {
  if (language === 'en' || !isCatalogued(event.code)) return event.message;
  const t = AUDIT_MESSAGES[language];
  const values: Record<string, string | number> = {};
  for (const [key, value] of Object.entries(event.details)) {
    if (typeof value === 'number') values[key] = value;
    else if (typeof value === 'string')
      values[key] =
        WORDED_KEYS.has(key) && Object.hasOwn(t.values, value) ? (t.values[value] ?? value) : value;
  }
  values.actor = event.actorName ?? t.system;
  values.subject = event.subjectName ?? t.unknownUser;
  return fillTemplate(t.messages[event.code], values, language);
}
