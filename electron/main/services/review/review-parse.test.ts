import { describe, expect, it } from 'vitest';
import { eventLine, type ExportRow } from '../audit/export-format';
import { rowValues } from './review-db';
import { fastRowValues } from './review-parse';

const base: ExportRow = {
  id: 41,
  at: '2026-11-01T10:00:00.000Z',
  code: 'user:logged_in',
  message: 'Zoë "the admin" signed in\nfrom Zürich',
  actor_id: 7,
  actor_name: 'zoë',
  subject_id: null,
  subject_name: null,
  ip: '81.2.69.142',
  session_hash: 'abcd',
  location: null,
  device_type: 'desktop',
  browser: 'Firefox 140',
  os: 'Linux',
  details: '{"method":"password","n":[1,{"x":null}]}',
  hash: 'b'.repeat(64),
};

const line = (r: Partial<ExportRow>) => Buffer.from(eventLine('a'.repeat(64), 3, { ...base, ...r }).line);

/** What the general path stores: JSON.parse of the whole line (review-db.ts before this file). */
function expected(buf: Buffer, lineNo: number): unknown[] {
  const e = JSON.parse(buf.toString('utf8')) as Record<string, unknown>;
  const k = ['at', 'code', 'message', 'actorId', 'actor', 'subjectId', 'subject', 'ip', 'sessionHash'];
  const rest = ['location', 'deviceType', 'browser', 'os'].map((f) => e[f]);
  return [e.id, lineNo, ...k.map((f) => e[f]), ...rest, JSON.stringify(e.details), e.hash];
}

describe('review line reading', () => {
  it('reads the fields in place exactly as JSON.parse does (escapes, non-ASCII, nulls)', () => {
    for (const r of [
      {},
      { actor_id: null, actor_name: null, location: 'Zürich, CH' },
      { message: 'tab\there' },
    ]) {
      const buf = line(r);
      const fast = fastRowValues(buf, 9);
      expect(fast).toBeDefined();
      const got = [...(fast ?? [])];
      got[15] = JSON.stringify(JSON.parse(String(got[15])));
      expect(got).toEqual(expected(buf, 9));
    }
  });

  it('refuses a line that is not exactly in the written order or shape', () => {
    const ok = line({}).toString('utf8');
    const swapped = ok.replace('"at":', '"tmp":').replace('"code":', '"at":').replace('"tmp":', '"code":');
    expect(fastRowValues(Buffer.from(swapped), 2)).toBeUndefined();
    expect(fastRowValues(Buffer.from(ok.replace('"actorId":7', '"actorId":"7"')), 2)).toBeUndefined();
    expect(
      fastRowValues(Buffer.from(ok.replace('"code":"user:logged_in"', '"code":null')), 2),
    ).toBeUndefined();
    expect(fastRowValues(line({ details: '[1,2]' }), 2)).toBeUndefined();
    expect(fastRowValues(line({ details: '{"a":' }), 2, '{}')?.[15]).toBe('{}');
    expect(fastRowValues(Buffer.from('{"prev":"x"}'), 2)).toBeUndefined();
  });

  it('a line whose details nest a million levels keeps its other fields; the details become a note', () => {
    const deep = `{"d":${'['.repeat(1_000_000)}${']'.repeat(1_000_000)}}`;
    const buf = line({ details: deep });
    const row = rowValues(buf, 5);
    expect(row?.slice(0, 5)).toEqual([41, 5, base.at, base.code, base.message]);
    expect(JSON.parse(String(row?.[15]))).toEqual({
      unreadable: 'the details nest deeper than 64 levels and are not shown',
    });
    // A short, moderately nested line still takes the general path and keeps its details.
    const nested = `{"d":${'['.repeat(80)}${']'.repeat(80)}}`;
    expect(rowValues(line({ details: nested }), 5)?.[15]).toBe(nested);
  });
});
