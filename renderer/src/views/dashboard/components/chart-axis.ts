// The sign-in chart's x axis: hours in the viewer's own time zone, days as the UTC days main
// counts them, each axis named with its zone so "14:00" is never read in the wrong one.

/** Labels under the bars, the full moment for each tooltip, and the zone the axis is in. */
export interface ChartAxis {
  labels: string[];
  titles: string[];
  zone: string;
}

/** The short name of the zone at a moment ("CET", "GMT+3", "UTC") in a language. */
function zoneName(date: Date, locale: string, timeZone: string | undefined): string {
  const parts = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' }).formatToParts(date);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? 'UTC';
}

/**
 * The x axis for buckets starting at `starts` (ISO, UTC): hourly buckets in `timeZone` (the
 * system's when omitted) and daily buckets in UTC, because main counts days from UTC midnight.
 */
export function chartAxis(starts: string[], hourly: boolean, locale: string, timeZone?: string): ChartAxis {
  const dates = starts.map((s) => new Date(s));
  const zone = hourly ? (timeZone ?? undefined) : 'UTC';
  const label = new Intl.DateTimeFormat(
    locale,
    hourly
      ? { hour: '2-digit', minute: '2-digit', timeZone: zone }
      : { month: 'short', day: 'numeric', timeZone: zone },
  );
  const title = new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    ...(hourly ? { hour: '2-digit', minute: '2-digit' } : {}),
    timeZone: zone,
    timeZoneName: 'short',
  });
  const last = dates.at(-1) ?? new Date(0);
  return {
    labels: dates.map((d) => label.format(d)),
    titles: dates.map((d) => title.format(d)),
    zone: hourly ? zoneName(last, locale, zone) : 'UTC',
  };
}
