import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../electron/main/db/connection';
import { AuditRepository } from '../electron/main/db/repositories/audit.repository';
import { chainHash, GENESIS_HASH, type ChainedFields } from '../electron/main/security/audit-chain';
import { testPgServer } from './support/engine';

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
});
