import { afterEach, describe, expect, it } from 'vitest';
import { i18n } from '@/i18n';
import { formatDateTime, formatDay, formatNumber, formatTimestamp } from './use-format';

// The test process runs in whatever zone the machine has: pin nothing, but check the zone is
// named. Three events in one minute must read differently in the audit format.
const at = '2026-12-07T09:00:05.000Z';

afterEach(() => {
  i18n.global.locale.value = 'en';
});

describe('dates, times and numbers per language', () => {
  for (const locale of ['en', 'es', 'ru'] as const) {
    it(`${locale}: always names the time zone, and the audit format has seconds`, () => {
      i18n.global.locale.value = locale;
      const zone = new Intl.DateTimeFormat(locale, { timeZoneName: 'short' })
        .formatToParts(new Date(at))
        .find((p) => p.type === 'timeZoneName')?.value;
      expect(zone).toBeTruthy();
      expect(formatDateTime(at)).toContain(zone);
      expect(formatTimestamp(at)).toContain(zone);
      expect(formatTimestamp(at)).not.toBe(formatTimestamp('2026-12-07T09:00:35.000Z'));
      expect(formatTimestamp(at)).toMatch(/:05\b/);
      expect(formatDateTime(at)).not.toMatch(/:05\b/);
    });
  }

  it('writes month names and numbers in the chosen language', () => {
    i18n.global.locale.value = 'ru';
    expect(formatDay('2026-12-07')).toMatch(/дек/);
    expect(formatNumber(12345)).toBe(new Intl.NumberFormat('ru').format(12345));
    i18n.global.locale.value = 'es';
    expect(formatDay('2026-12-07')).toMatch(/dic/);
    i18n.global.locale.value = 'en';
    expect(formatDay('2026-12-07')).toMatch(/Dec/);
    expect(formatNumber(12345)).toBe('12,345');
  });

  it('keeps a bare date on its day in every time zone and shows it without a time', () => {
    i18n.global.locale.value = 'en';
    expect(formatDateTime('2026-12-07')).toMatch(/Dec 7, 2026$/);
  });

  it('shows text that is not a date as it is', () => {
    expect(formatDateTime('not a date')).toBe('not a date');
  });
});
