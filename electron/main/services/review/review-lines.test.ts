import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { mkdirSync, openSync, readFileSync, writeFileSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { removeDir, tempDir } from '../../../../tests/support/services';
import {
  eventLine,
  fingerprintOf,
  headerLine,
  manifestLine,
  sha256Hex,
  signedText,
} from '../audit/export-format';
import { ReviewService } from './review.service';

const dir = tempDir('portcullis-review-lines-');
const EVENTS = 1500;

/** A signed (version 1) export of EVENTS events; event k has id idOf(k) (10k) and message "event k". */
function writeExport(path: string, idOf: (k: number) => number = (k) => 10 * k, events = EVENTS): void {
  const { privateKey } = generateKeyPairSync('ed25519');
  const der = createPublicKey(privateKey).export({ format: 'der', type: 'spki' });
  const header = headerLine({
    exportedAt: '2026-11-01T00:00:00.000Z',
    exportedBy: 'test',
    filter: {},
    publicKey: der.toString('base64'),
    fingerprint: fingerprintOf(der),
  } as never).replace('"version":2', '"version":1');
  const headerHash = sha256Hex(header);
  let prev = headerHash;
  const out = [header];
  for (let k = 1; k <= events; k++) {
    const r = eventLine(prev, k, {
      id: idOf(k),
      at: new Date(Date.UTC(2026, 9, 1) + k * 1000).toISOString(),
      code: k % 2 ? 'user:logged_in' : 'user:login_failed',
      message: `event ${String(k).padStart(5, '0')}`,
      actor_id: 1,
      actor_name: 'sam',
      subject_id: null,
      subject_name: null,
      ip: '10.0.0.1',
      session_hash: null,
      location: null,
      device_type: null,
      browser: null,
      os: null,
      details: '{}',
      hash: 'c'.repeat(64),
    });
    prev = r.hash;
    out.push(r.line);
  }
  const signature = sign(null, Buffer.from(signedText(headerHash, prev, events, 1)), privateKey);
  out.push(
    manifestLine({ count: events, headerHash, finalHash: prev, signature: signature.toString('base64') }),
  );
  writeFileSync(path, `${out.join('\n')}\n`);
}

afterAll(() => {
  removeDir(dir);
});

describe('review rows by id from the private copy', () => {
  it('rows show from the verified copy, not from the export as it is later changed', async () => {
    const file = join(dir, 'export.jsonl');
    writeExport(file);
    const tempBase = join(dir, 'tmp');
    mkdirSync(tempBase, { recursive: true });
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const service = new ReviewService({ dataDir: join(dir, 'data'), tempBase, gate, firstBatch: 50 });
    try {
      const { id } = await service.start(file);
      for (let i = 0; i < 500 && service.status(id).loaded === 0; i++)
        await new Promise((r) => setTimeout(r, 10));
      // The whole (small) file was read and its first 50 lines committed; now the export is
      // rewritten in place: the same length, every "event" turned into "EVENT".
      const text = readFileSync(file, 'utf8');
      const fd = openSync(file, 'r+');
      writeSync(fd, text.replaceAll('"message":"event', '"message":"EVENT'), 0);
      closeSync(fd);
      const early = await service.page(id, { filter: {}, pageSize: 10 });
      expect(early.items.map((e) => e.message)).toEqual(
        Array.from({ length: 10 }, (_, i) => `event ${String(50 - i).padStart(5, '0')}`),
      );
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
      const done = await service.settled(id);
      expect(done.verdict?.status).toBe('intact');
      expect(done.loaded).toBe(EVENTS);
      // Filled from the copy too: no row reads "EVENT", by id or by filter.
      const newest = await service.page(id, { filter: {}, pageSize: 3, withCount: true });
      expect(newest.items.map((e) => [e.id, e.message])).toEqual([
        [15000, 'event 01500'],
        [14990, 'event 01499'],
        [14980, 'event 01498'],
      ]);
      expect(newest.approxTotal?.count).toBe(EVENTS);
      const failed = await service.page(id, { filter: { code: 'user:login_failed' }, pageSize: 200 });
      expect(failed.items.every((e) => e.message.startsWith('event '))).toBe(true);
      expect(failed.items).toHaveLength(200);
    } finally {
      await service.closeAll();
    }
  });
});

describe('a signed file whose ids repeat or go back (hostile signer)', () => {
  /** Event 20 repeats event 10's id (100) and event 21 has id 5, lower than every other. */
  const hostile = (k: number) => (k === 20 ? 100 : k === 21 ? 5 : 10 * k);
  const expected = [
    [100, 'event 00010'],
    ...Array.from({ length: 9 }, (_, i) => [90 - 10 * i, `event ${String(9 - i).padStart(5, '0')}`]),
    [5, 'event 00021'],
  ];

  it('pages each id once (its first line) while loading and once done', async () => {
    const file = join(dir, 'repeated-ids.jsonl');
    writeExport(file, hostile);
    const tempBase = join(dir, 'tmp-repeat');
    mkdirSync(tempBase, { recursive: true });
    const gate = new Int32Array(new SharedArrayBuffer(4));
    const service = new ReviewService({ dataDir: join(dir, 'data'), tempBase, gate, firstBatch: 50 });
    try {
      const { id } = await service.start(file);
      for (let i = 0; i < 500 && service.status(id).loaded === 0; i++)
        await new Promise((r) => setTimeout(r, 10));
      // Held after the first 50 lines: 49 ids, paged by id from the private copy.
      expect(service.status(id).loaded).toBe(49);
      const early = await service.page(id, { filter: {}, before: 101, pageSize: 20, withCount: true });
      expect(early.items.map((e) => [e.id, e.message])).toEqual(expected);
      expect(early.approxTotal?.count).toBe(49);
      Atomics.store(gate, 0, 1);
      Atomics.notify(gate, 0);
      const done = await service.settled(id);
      expect(done.state).toBe('done');
      expect(done.loaded).toBe(EVENTS - 1);
      const late = await service.page(id, { filter: {}, before: 101, pageSize: 20 });
      expect(late.items.map((e) => [e.id, e.message])).toEqual(expected);
      const newest = await service.page(id, { filter: {}, pageSize: 1, withCount: true });
      expect(newest.items.map((e) => e.id)).toEqual([10 * EVENTS]);
      expect(newest.approxTotal?.count).toBe(EVENTS - 1);
    } finally {
      await service.closeAll();
    }
  });

  it('keeps the first line of an id repeated after rows were already published', async () => {
    const file = join(dir, 'repeated-late.jsonl');
    // Several 4 MiB reads: rows are published before event 15000 repeats event 3's id and event
    // 15001 goes back to id 15 (the rows published so far move to review_lines then).
    const events = 16_000;
    writeExport(file, (k) => (k === 15_000 ? 30 : k === 15_001 ? 15 : 10 * k), events);
    const tempBase = join(dir, 'tmp-repeat-late');
    mkdirSync(tempBase, { recursive: true });
    const service = new ReviewService({ dataDir: join(dir, 'data'), tempBase, firstBatch: 50 });
    try {
      const { id } = await service.start(file);
      const done = await service.settled(id);
      expect(done.loaded).toBe(events - 1);
      const low = await service.page(id, { filter: {}, before: 41, pageSize: 10 });
      expect(low.items.map((e) => [e.id, e.message])).toEqual([
        [40, 'event 00004'],
        [30, 'event 00003'],
        [20, 'event 00002'],
        [15, 'event 15001'],
        [10, 'event 00001'],
      ]);
    } finally {
      await service.closeAll();
    }
  });
});
