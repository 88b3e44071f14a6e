import { en, type MessageCatalog } from './catalog.en';
import type { TemplateData, TemplateName } from './messenger.port';

/** Stands in for a one-time code in stored bodies; the sealed code replaces it at send time. */
export const CODE_PLACEHOLDER = '[[code]]';

/** What is shown instead of a delivered code. */
export const REDACTED_CODE = '••••••';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

type Values = Record<string, string | number>;

function fill(template: string, values: Values): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) =>
    key in values ? String(values[key]) : whole,
  );
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function values(data: object, catalog: MessageCatalog): Values {
  const out: Values = {};
  for (const [k, v] of Object.entries(data)) if (typeof v === 'string' || typeof v === 'number') out[k] = v;
  if ('purpose' in data && typeof data.purpose === 'string' && data.purpose in catalog.purposes)
    out.purpose = catalog.purposes[data.purpose as keyof MessageCatalog['purposes']];
  return out;
}

/** Renders an email's subject, plain text and HTML from the catalogue (code kept as given). */
export function renderEmail<T extends TemplateName>(
  template: T,
  data: TemplateData[T],
  catalog: MessageCatalog = en,
): RenderedEmail {
  const v = values(data, catalog);
  const t = catalog.templates[template];
  const greeting = 'username' in data ? fill(catalog.greeting, v) : null;
  const lines = t.lines.map((l) => fill(l, v));
  const text = [...(greeting ? [greeting, ''] : []), ...lines, '', catalog.signOff, '', catalog.footer].join(
    '\n',
  );
  const para = (s: string) => `<p style="margin:0 0 12px">${escapeHtml(s)}</p>`;
  const html = [
    '<!doctype html><html><body style="font-family:system-ui,sans-serif;font-size:15px;color:#1f2328">',
    `<h2 style="margin:0 0 16px;font-size:18px">${escapeHtml(catalog.appName)}</h2>`,
    ...(greeting ? [para(greeting)] : []),
    ...lines.map(para),
    para(catalog.signOff),
    `<p style="margin:24px 0 0;font-size:12px;color:#6e7781">${escapeHtml(catalog.footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: fill(t.subject, v), text, html };
}

/** Renders the SMS text for a one-time code. */
export function renderCodeSms(
  data: { code: string; purpose: TemplateData['verification_code']['purpose']; minutes: number },
  catalog: MessageCatalog = en,
): string {
  return fill(catalog.sms.code, values(data, catalog));
}

/** Renders the SMS sent by "Send test SMS". */
export function renderTestSms(operator: string, catalog: MessageCatalog = en): string {
  return fill(catalog.sms.test, { operator });
}

/** "alice@example.com" -> "a***@example.com"; "+447700900123" -> "+44******123". */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at > 0) return `${address.slice(0, 1)}***${address.slice(at)}`;
  if (address.length <= 6) return '***';
  return `${address.slice(0, 3)}${'*'.repeat(address.length - 6)}${address.slice(-3)}`;
}
