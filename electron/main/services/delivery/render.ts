import { DEFAULT_LANGUAGE, type Language } from '../../../../shared/domain/language';
import { fillTemplate, type TemplateValues } from '../../../../shared/domain/message-template';
import { en, type MessageCatalog } from './catalog.en';
import { es } from './catalog.es';
import { ru } from './catalog.ru';
import type { TemplateData, TemplateName } from './messenger.port';

/** Stands in for a one-time code in stored bodies; the sealed code replaces it at send time. */
export const CODE_PLACEHOLDER = '[[code]]';

/** What is shown instead of a delivered code. */
export const REDACTED_CODE = '••••••';

/** Every catalogue by language. */
export const CATALOGS: Readonly<Record<Language, MessageCatalog>> = { en, es, ru };

/** The catalogue a person's messages use: their language, else the directory default (English). */
export function catalogFor(language: Language | null | undefined): MessageCatalog {
  return CATALOGS[language ?? DEFAULT_LANGUAGE];
}

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?Z$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** An ISO instant or date in the catalogue's language, in UTC and saying so; anything else as is. */
function localDate(value: string, language: Language): string {
  const date = ISO_INSTANT.test(value) || ISO_DATE.test(value) ? new Date(value) : null;
  if (!date || Number.isNaN(date.getTime())) return value;
  return new Intl.DateTimeFormat(language, {
    dateStyle: 'long',
    ...(ISO_DATE.test(value) ? {} : { timeStyle: 'long' }),
    timeZone: 'UTC',
  }).format(date);
}

function pick<K extends string>(table: Record<K, string>, value: unknown): string | undefined {
  return typeof value === 'string' && Object.hasOwn(table, value) ? table[value as K] : undefined;
}

/** Template values: words for codes (purpose, method), dates in the language, the rest as given. */
function values(data: object, catalog: MessageCatalog): TemplateValues {
  const out: Record<string, string | number> = {};
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  const d = data as Record<string, unknown>;
  const purpose = pick(catalog.purposes, d.purpose);
  const method = pick(catalog.methods, d.method);
  if (purpose !== undefined) out.purpose = purpose;
  if (method !== undefined) out.method = method;
  if (d.location === 'Unknown') out.location = catalog.unknownLocation;
  for (const key of ['at', 'blockingDate'])
    if (typeof d[key] === 'string') out[key] = localDate(d[key], catalog.language);
  return out;
}

/** Renders an email's subject, plain text and HTML from the catalogue (code kept as given). */
export function renderEmail<T extends TemplateName>(
  template: T,
  data: TemplateData[T],
  catalog: MessageCatalog = en,
): RenderedEmail {
  const v = values(data, catalog);
  const fill = (s: string) => fillTemplate(s, v, catalog.language);
  const t = catalog.templates[template];
  const greeting = 'username' in data ? fill(catalog.greeting) : null;
  const lines = t.lines.map(fill);
  const text = [...(greeting ? [greeting, ''] : []), ...lines, '', catalog.signOff, '', catalog.footer].join(
    '\n',
  );
  const para = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s)}</p>`;
  const html = [
    `<!doctype html><html lang="${catalog.language}"><body style="font-family:system-ui,sans-serif;font-size:15px;color:#1f2328">`,
    `<h2 style="margin:0 0 16px;font-size:18px">${escapeHtml(catalog.appName)}</h2>`,
    ...(greeting ? [para(greeting)] : []),
    ...lines.map(para),
    para(catalog.signOff),
    `<p style="margin:24px 0 0;font-size:12px;color:#6e7781">${escapeHtml(catalog.footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: fill(t.subject), text, html };
}

/** Renders the SMS text for a one-time code. */
export function renderCodeSms(
  data: { code: string; purpose: TemplateData['verification_code']['purpose']; minutes: number },
  catalog: MessageCatalog = en,
): string {
  return fillTemplate(catalog.sms.code, values(data, catalog), catalog.language);
}

/** Renders the SMS sent by "Send test SMS". */
export function renderTestSms(operator: string, catalog: MessageCatalog = en): string {
  return fillTemplate(catalog.sms.test, { operator }, catalog.language);
}

/** "alice@example.com" -> "a***@example.com"; "+447700900123" -> "+44******123". */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at > 0) return `${address.slice(0, 1)}***${address.slice(at)}`;
  if (address.length <= 6) return '***';
  return `${address.slice(0, 3)}${'*'.repeat(address.length - 6)}${address.slice(-3)}`;
}
