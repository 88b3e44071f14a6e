import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeDir, startServices, tempDir } from '../../../../tests/support/services';
import { OfflineGeoLookup } from '../../adapters/geo';
import { generateDemo } from '../audit/demo';
import { ReviewService } from './review.service';
import type { ReviewStatusView } from '../../../../shared/ipc/contracts/review.contract';

const dir = tempDir('portcullis-review-test-');
const file = join(dir, 'export.jsonl');
const keyFile = join(dir, 'signer.json');
const EVENTS = 3000;
let lines: string[] = [];

beforeAll(async () => {
  const app = await startServices({ dir: join(dir, 'app') });
  await generateDemo(app.container.database.sqlite, new OfflineGeoLookup(), {
    users: 8,
    events: EVENTS,
    passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
    now: new Date('2026-11-01T00:00:00Z'),
  });
  await app.container.services.auditExport.run({
    filter: {},
    format: 'jsonl',
    out: file,
    actor: null,
    client: null,
    exportedBy: 'test',
  });
  writeFileSync(keyFile, JSON.stringify(await app.container.services.signingKeys.publicKeyFile(), null, 2));
  await app.close();
  lines = readFileSync(file, 'utf8').split('\n');
}, 60_000);

afterAll(() => {
  removeDir(dir);
});

let n = 0;
/** A service with its own trust folder and temp base (so the test can see every folder it makes). */
function reviewer(o: { gated?: boolean; firstBatch?: number } = {}) {
  const base = join(dir, `case-${++n}`);
  const tempBase = join(base, 'tmp');
  mkdirSync(tempBase, { recursive: true });
  const gate = o.gated ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
  const service = new ReviewService({
    dataDir: join(base, 'data'),
    tempBase,
    gate,
    firstBatch: o.firstBatch,
  });
  opened.push(service);
  const release = () => {
    if (!gate) return;
    Atomics.store(gate, 0, 1);
    Atomics.notify(gate, 0);
  };
  return { service, tempBase, release, folders: () => readdirSync(tempBase) };
}
const opened: ReviewService[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.closeAll()));
});

async function until(service: ReviewService, id: string, ok: (s: ReviewStatusView) => boolean) {
  for (let i = 0; i < 1000; i++) {
    const s = service.status(id);
    if (ok(s)) return s;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`status never matched: ${JSON.stringify(service.status(id))}`);
}

function writeCopy(name: string, edit: (copy: string[]) => void): string {
  const copy = [...lines];
  edit(copy);
  const path = join(dir, `${name}.jsonl`);
  writeFileSync(path, copy.join('\n'));
  return path;
}

describe('offline review in a worker thread', () => {
  it('shows the first rows while verifying, in a private 0700 folder, and reports bytes and events', async () => {
    const { service, release, tempBase, folders } = reviewer({ gated: true, firstBatch: 100 });
    const { id, fileName } = await service.start(file);
    expect(fileName).toBe('export.jsonl');
    const early = await until(service, id, (s) => s.loaded > 0);
    // The worker is held after its first commit: rows are browsable, no verdict yet.
    expect(early.state).toBe('loading');
    expect(early.verdict).toBeNull();
    expect(early.loaded).toBe(100);
    expect(early.totalBytes).toBe(statSync(file).size);
    const page = await service.page(id, { filter: {}, pageSize: 50 });
    expect(page.items.length).toBe(50);
    expect(folders()).toHaveLength(1);
    expect(statSync(join(tempBase, folders()[0] ?? '')).mode & 0o777).toBe(0o700);
    release();
    const done = await service.settled(id);
    expect(done.state).toBe('done');
    expect(done.verdict?.status).toBe('intact');
    expect(done.events).toBe(EVENTS);
    expect(done.loaded).toBe(EVENTS);
    expect(done.bytes).toBe(done.totalBytes);
    const all = await service.page(id, { filter: {}, pageSize: 10, withCount: true });
    expect(all.approxTotal?.count).toBe(EVENTS);
    await service.close(id);
    expect(folders()).toEqual([]);
  });

  it('Cancel stops the worker and leaves no temporary file', async () => {
    const { service, release, folders } = reviewer({ gated: true, firstBatch: 10 });
    const { id } = await service.start(file);
    await until(service, id, (s) => s.loaded > 0);
    expect(folders()).toHaveLength(1);
    const cancelling = service.cancel(id);
    release();
    await cancelling;
    const s = service.status(id);
    expect(s.state).toBe('cancelled');
    expect(s.verdict).toBeNull();
    expect(folders()).toEqual([]);
    expect((await service.page(id, { filter: {}, pageSize: 5 })).items).toEqual([]);
  });

  it('an edited line ends the load with "altered at line N" and no row from that line on', async () => {
    const altered = writeCopy('edited', (c) => {
      c[499] = (c[499] ?? '').replace(/"ip":"[^"]+"/, '"ip":"10.66.66.66"');
    });
    const { service } = reviewer({ firstBatch: 50 });
    const { id } = await service.start(altered);
    const s = await service.settled(id);
    expect(s.verdict).toMatchObject({ status: 'altered', line: 500 });
    expect(s.loaded).toBe(498);
    const page = await service.page(id, { filter: {}, pageSize: 1, withCount: true });
    expect(page.approxTotal?.count).toBe(498);
    // Line 2 holds event 1, so line 499 (the last kept) holds the 498th event in file order.
    const event498 = JSON.parse(lines[498] ?? '{}') as { id: number };
    expect(page.items[0]?.id).toBe(event498.id);
  });

  it('rows already shown are withdrawn when the failure is found later at an earlier line', async () => {
    // The manifest's header hash is changed: detected at the end, reported at line 1 (the header).
    const forged = writeCopy('header-hash', (c) => {
      const last = c.length - 2;
      c[last] = (c[last] ?? '').replace(/"headerHash":"[0-9a-f]{4}/, '"headerHash":"0000');
    });
    const { service, release } = reviewer({ gated: true, firstBatch: 100 });
    const { id } = await service.start(forged);
    const early = await until(service, id, (s) => s.loaded > 0);
    expect(early.loaded).toBe(100);
    release();
    const s = await service.settled(id);
    expect(s.verdict).toMatchObject({ status: 'altered', line: 1 });
    expect(s.loaded).toBe(0);
    expect((await service.page(id, { filter: {}, pageSize: 5 })).items).toEqual([]);
  });

  it('trusting the signer turns an open review trusted, and removing it turns it back to unknown', async () => {
    const { service } = reviewer();
    const { id } = await service.start(file);
    const first = (await service.settled(id)).verdict;
    if (first?.status !== 'intact') throw new Error(`expected intact, got ${String(first?.status)}`);
    expect(first.trust).toBe('unknown');
    expect(service.trustedSigners()).toEqual([]);
    service.trustSigner(first.fingerprint, 'Acme Ltd');
    expect(service.status(id).verdict).toMatchObject({
      trust: 'trusted',
      signer: { via: 'trusted', trustedAs: 'Acme Ltd' },
    });
    // Another key in the list changes nothing; removing the signer's own entry does.
    service.trustSigner('ab'.repeat(32), 'Someone else');
    expect(service.removeTrustedSigner(first.fingerprint)).toBe(true);
    expect(service.status(id).verdict).toMatchObject({
      trust: 'unknown',
      signer: { via: null, trustedAs: null },
    });
    expect(service.trustedSigners().map((t) => t.organisation)).toEqual(['Someone else']);
  });

  it('a review started after trusting the signer reads trusted', async () => {
    const { service } = reviewer();
    const probe = await service.start(file);
    const v = (await service.settled(probe.id)).verdict;
    if (v?.status !== 'intact') throw new Error('expected intact');
    service.trustSigner(v.fingerprint, 'Acme Ltd');
    const again = await service.start(file);
    expect((await service.settled(again.id)).verdict).toMatchObject({
      trust: 'trusted',
      signer: { via: 'trusted' },
    });
  });

  it("importing the directory's public key file trusts its signer; other files are refused", async () => {
    const { service } = reviewer();
    const { id } = await service.start(file);
    expect((await service.settled(id)).verdict).toMatchObject({ trust: 'unknown' });
    const junk = join(dir, 'not-a-key.json');
    writeFileSync(
      junk,
      JSON.stringify({ format: 'portcullis-signer', version: 1, fingerprint: 'ab'.repeat(32) }),
    );
    expect(() => service.importSignerFile(junk)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    const huge = join(dir, 'huge.json');
    writeFileSync(huge, ' '.repeat(300 * 1024));
    expect(() => service.importSignerFile(huge)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(() => service.importSignerFile(dir)).toThrow(expect.objectContaining({ code: 'invalid_input' }));
    expect(service.trustedSigners()).toEqual([]);
    const added = service.importSignerFile(keyFile);
    expect(service.status(id).verdict).toMatchObject({
      trust: 'trusted',
      signer: { via: 'trusted', trustedAs: added.organisation },
    });
  });

  it('a folder left by a killed process is deleted at the next review; a live process keeps its folder', async () => {
    const { service, tempBase, folders } = reviewer();
    const dead = spawnSync(process.execPath, ['-e', '0']).pid;
    for (const [name, pid] of [
      ['portcullis-review-dead', dead],
      ['portcullis-review-alive', process.pid],
    ] as const) {
      mkdirSync(join(tempBase, name), { mode: 0o700 });
      writeFileSync(join(tempBase, name, 'owner.pid'), String(pid));
    }
    mkdirSync(join(tempBase, 'something-else'));
    const { id } = await service.start(file);
    await service.settled(id);
    // The live process's folder, the new review's own, and the unrelated folder remain.
    expect(folders()).toHaveLength(3);
    expect(folders()).toContain('portcullis-review-alive');
    expect(folders()).toContain('something-else');
    expect(folders()).not.toContain('portcullis-review-dead');
  });

  it('refuses a folder and a FIFO before starting a worker', async () => {
    const { service, folders } = reviewer();
    await expect(service.start(dir)).rejects.toMatchObject({ code: 'invalid_input' });
    const fifo = join(dir, 'pipe.jsonl');
    execFileSync('mkfifo', [fifo]);
    await expect(service.start(fifo)).rejects.toMatchObject({ code: 'invalid_input' });
    await expect(service.start(join(dir, 'missing.jsonl'))).rejects.toMatchObject({ code: 'not_found' });
    expect(folders()).toEqual([]);
  });

  it('a file that is not an export shows no rows; closeAll removes every folder', async () => {
    const junk = join(dir, 'junk.jsonl');
    writeFileSync(junk, 'id,at\n1,2\n');
    const { service, folders, release } = reviewer();
    const a = await service.start(junk);
    const b = await service.start(file);
    expect((await service.settled(a.id)).verdict?.status).toBe('not-an-export');
    expect(folders()).toHaveLength(2);
    release();
    await service.closeAll();
    expect(folders()).toEqual([]);
    expect(() => service.status(b.id)).toThrow(/no longer open/);
  });
});
