import { useI18n } from 'vue-i18n';
import { i18n } from '@/i18n';

// One date format per language, always with the time zone: "Dec 7, 2026, 7:41 PM UTC",
// "7 dic 2026, 19:41 UTC", "7 дек. 2026 г., 19:41 UTC". Times in the audit log add seconds.

const DAY: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric' };
const MINUTES: Intl.DateTimeFormatOptions = {
  ...DAY,
  hour: 'numeric',
  minute: '2-digit',
  timeZoneName: 'short',
};
const SECONDS: Intl.DateTimeFormatOptions = { ...MINUTES, second: '2-digit' };
/** A calendar date without a time ("2026-12-07", e.g. a blocking date): the same day everywhere. */
const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;

const cache = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();

/**
 * The BCP 47 tag to format with: the OS's own variant when it speaks the chosen language
 * (en-GB gets day-month order), else the language itself.
 */
export function formatLocale(language: string = i18n.global.locale.value): string {
  const preferred = typeof navigator === 'undefined' ? [] : navigator.languages;
  return preferred.find((tag) => tag.toLowerCase().split('-')[0] === language) ?? language;
}

function dateFormat(kind: 'day' | 'minutes' | 'seconds', utc = false): Intl.DateTimeFormat {
  const locale = formatLocale();
  const key = `${locale}|${kind}|${String(utc)}`;
  let format = cache.get(key) as Intl.DateTimeFormat | undefined;
  if (!format) {
    const options = kind === 'day' ? DAY : kind === 'minutes' ? MINUTES : SECONDS;
    format = new Intl.DateTimeFormat(locale, utc ? { ...options, timeZone: 'UTC' } : options);
    cache.set(key, format);
  }
  return format;
}

function format(iso: string, kind: 'minutes' | 'seconds'): string {
  if (DATE_ONLY.test(iso)) return dateFormat('day', true).format(new Date(`${iso}T00:00:00Z`));
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat(kind).format(date);
}

/** A moment in the chosen language with its time zone, to the minute; a bare date stays a date. */
export function formatDateTime(iso: string): string {
  return format(iso, 'minutes');
}

/** A moment to the second with its time zone (the audit log: three events in one minute differ). */
export function formatTimestamp(iso: string): string {
  return format(iso, 'seconds');
}

/** A calendar day in the chosen language ("7 дек. 2026 г."), without a time. */
export function formatDay(iso: string): string {
  if (DATE_ONLY.test(iso)) return dateFormat('day', true).format(new Date(`${iso}T00:00:00Z`));
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : dateFormat('day').format(date);
}

/** A number with the chosen language's grouping ("12,345", "12 345", "12.345"). */
export function formatNumber(value: number): string {
  const locale = formatLocale();
  let number = cache.get(`${locale}|number`) as Intl.NumberFormat | undefined;
  if (!number) {
    number = new Intl.NumberFormat(locale);
    cache.set(`${locale}|number`, number);
  }
  return number.format(value);
}

/** Formats ISO date strings in the user's language; a missing date reads "never". */
export function useFormat() {
  const { t } = useI18n();

  /** Date and time to the minute with the time zone; null reads "never". */
  function formatDate(iso: string | null | undefined): string {
    return iso ? formatDateTime(iso) : t('common.never');
  }

  /** Date and time to the second with the time zone (audit log); null reads "never". */
  function formatTime(iso: string | null | undefined): string {
    return iso ? formatTimestamp(iso) : t('common.never');
  }

  return { formatDate, formatTime, formatDay, formatNumber };
}
