import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../electron/main/db/connection';
import { AuditRepository } from '../electron/main/db/repositories/audit.repository';
import { chainHash, GENESIS_HASH, type ChainedFields } from '../electron/main/security/audit-chain';
import { testPgServer } from './support/engine';
import { twoContainersOnOnePg } from './support/two-containers';
import { verifyDatabase } from '../electron/main/services/audit/verify-db';
import { KeytarKeychain } from '../electron/main/adapters/keytar.keychain';

const PER_WRITER = 300;
let a: OpenedDatabase;
let b: OpenedDatabase;
beforeAll(async () => {
  const url = await (await testPgServer()).createDatabase();
  [a, b] = [await openDatabase(url), await openDatabase(url)];
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});

function event(writer: string, i: number): ChainedFields {
  return {
    at: new Date(Date.UTC(2026, 2, 2, 9, 0, 0, i)).toISOString(),
    code: 'user:logged_in',
    message: `${writer} ${i}`,
    actor_id: null,
    actor_name: writer,
    subject_id: null,
    subject_name: null,
    ip: null,
    session_hash: null,
    location: null,
    device_type: null,
    browser: null,
    os: null,
    details: '{}',
  };
}

describe('the audit chain with two writers on one PostgreSQL database (issue 14, item 4)', () => {
  it(`2 × ${PER_WRITER} concurrent appends make one linear chain: no fork, no gap`, async () => {
    // Two openDatabase() calls = two connection pools, as two processes would have.
    const writers = [
      { name: 'A', repo: new AuditRepository(a.db), db: a.db },
      { name: 'B', repo: new AuditRepository(b.db), db: b.db },
    ];
    await Promise.all(
      writers.map(async (w) => {
        for (let i = 0; i < PER_WRITER; i++)
          await w.db.transaction().execute((trx) => w.repo.append(event(w.name, i), trx));
      }),
    );
    const rows = await a.db.selectFrom('audit_events').selectAll().orderBy('id').execute();
    expect(rows).toHaveLength(2 * PER_WRITER);
    let prev = GENESIS_HASH;
    let forks = 0;
    for (const row of rows) {
      if (row.prev_hash !== prev) forks++;
      expect(row.hash).toBe(chainHash(row.prev_hash, row));
      prev = row.hash;
    }
    const interleaved = rows.filter((r, i) => i > 0 && r.actor_name !== rows[i - 1]?.actor_name).length;
    console.log(
      `audit chain: ${rows.length} events from 2 writers, ${interleaved} writer switches, ${forks} forks`,
    );
    expect(forks).toBe(0);
    // The writers really ran at the same time (else the test proves nothing).
    expect(interleaved).toBeGreaterThan(10);
  });

  it('two service containers append 2 × 1,000 events at once: the project verify says intact, no fork, no gap, every checkpoint valid', async () => {
    const PER_CONTAINER = 1000;
    const pair = await twoContainersOnOnePg({ checkpointEvery: 100 });
    try {
      const base = await pair.a.container.database.db
        .selectFrom('audit_events')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow();
      const before = Number(base.n);
      // Each event in its own transaction through the audit service (checkpoints on), as the
      // services write them; both containers at once.
      await Promise.all(
        [pair.a, pair.b].map(async (app, w) => {
          const { db } = app.container.database;
          for (let i = 0; i < PER_CONTAINER; i++)
            await db.transaction().execute((trx) =>
              app.container.services.audit.record(
                trx,
                {
                  code: 'user:logged_in',
                  at: app.clock.now(),
                  actor: { id: 1 + w, username: `writer${w}` },
                },
                null,
              ),
            );
        }),
      );
      // Background checkpoint signing (first signer load) finishes before the walk.
      await Promise.all([pair.a.container.checkpoints.close(), pair.b.container.checkpoints.close()]);
      const rows = await pair.a.container.database.db
        .selectFrom('audit_events')
        .select(['id', 'prev_hash', 'hash', 'actor_name'])
        .orderBy('id')
        .execute();
      let forks = 0;
      let gaps = 0;
      for (const [i, row] of rows.entries()) {
        const prev = rows[i - 1];
        if (prev && row.prev_hash !== prev.hash) forks++;
        if (prev && row.id !== prev.id + 1) gaps++;
      }
      const switches = rows.filter((r, i) => i > 0 && r.actor_name !== rows[i - 1]?.actor_name).length;
      const verdict = await verifyDatabase(pair.url, { keychain: new KeytarKeychain('Portcullis-test') });
      const checkpoints = verdict.status === 'intact' ? verdict.checkpoints : -1;
      console.log(
        `audit chain, two containers: ${rows.length} events (${before} before, 2 × ${PER_CONTAINER} appended), ${switches} writer switches, ${forks} forks, ${gaps} id gaps; verify: ${verdict.status}, ${checkpoints} checkpoints, ${verdict.status === 'intact' ? verdict.uncheckpointed : '?'} events after the last, head checked ${verdict.status === 'intact' ? verdict.headChecked : '?'}`,
      );
      if (verdict.status !== 'intact') console.log(JSON.stringify(verdict));
      expect(rows).toHaveLength(before + 2 * PER_CONTAINER);
      expect(forks).toBe(0);
      expect(gaps).toBe(0);
      expect(switches).toBeGreaterThan(10);
      expect(verdict).toMatchObject({ status: 'intact', events: rows.length });
      expect(checkpoints).toBeGreaterThanOrEqual(Math.floor(rows.length / 100) - 1);
    } finally {
      await pair.close();
    }
  });
});
