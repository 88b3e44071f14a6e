import { describe, expect, it } from 'vitest';
import { chartAxis } from './chart-axis';

const hours = ['2026-12-07T22:00:00.000Z', '2026-12-07T23:00:00.000Z', '2026-12-08T00:00:00.000Z'];

describe('sign-in chart x axis: local hours with the zone, UTC days (issue 17 item 3)', () => {
  it('hours read in the viewer’s zone and language, never as ISO text', () => {
    const madrid = chartAxis(hours, true, 'es', 'Europe/Madrid');
    expect(madrid.labels).toEqual(['23:00', '0:00', '1:00'].map((h) => h.padStart(5, '0')));
    expect(madrid.zone).toBe('CET');
    expect(madrid.titles[2]).toContain('8 dic 2026');
    expect(madrid.titles[2]).toContain('CET');

    const moscow = chartAxis(hours, true, 'ru', 'Europe/Moscow');
    expect(moscow.labels).toEqual(['01:00', '02:00', '03:00']);
    expect(moscow.zone).toMatch(/MSK|GMT\+3|МСК/);
    expect(moscow.titles[0]).toContain('8 дек. 2026');

    const newYork = chartAxis(hours, true, 'en-US', 'America/New_York');
    expect(newYork.labels).toEqual(['05:00 PM', '06:00 PM', '07:00 PM']);
    expect(newYork.zone).toBe('EST');
    for (const axis of [madrid, moscow, newYork]) expect(axis.labels.join(' ')).not.toMatch(/T\d\d|Z/);
  });

  it('days stay the UTC day main counted, even where that day starts the evening before', () => {
    const days = chartAxis(['2026-12-07T00:00:00.000Z'], false, 'en-US', 'America/New_York');
    expect(days.labels).toEqual(['Dec 7']);
    expect(days.zone).toBe('UTC');
    expect(days.titles[0]).toContain('Dec 7, 2026');
    expect(chartAxis(['2026-12-07T00:00:00.000Z'], false, 'ru').labels).toEqual(['7 дек.']);
  });
});
