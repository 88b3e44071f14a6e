import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { servicesPerTest } from '../../../tests/support/per-test';
import { databaseArg, testEngine } from '../../../tests/support/engine';
import { writeEvents } from '../../../tests/support/checkpoint-fixtures';
import { currentAnchor, pruneAuditBefore } from './audit-retention.sql';
import { connectPostgres } from './pg-connection';
import { AuditRepository } from './repositories/audit.repository';

// Retention's prune on either engine (SQLite: the trigger dropped and re-created; PostgreSQL:
// disabled and re-enabled, under the audit chain's lock), inside the caller's transaction.
const app = servicesPerTest();
const DAY = 86_400_000;

async function count(): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM audit_events`.execute(
    app.container.database.db,
  );
  return Number(rows[0]?.n);
}

/** 6 events three days ago and 4 now; the cut-off keeps the last day. */
async function oldAndNew(): Promise<{ cutoff: string; now: string }> {
  await writeEvents(app.container, app.clock, 6);
  app.clock.advance(3 * DAY);
  await writeEvents(app.container, app.clock, 4);
  const now = app.clock.now();
  return { cutoff: new Date(now.getTime() - DAY).toISOString(), now: now.toISOString() };
}

const prune = (cutoff: string, now: string) =>
  app.container.database.db.transaction().execute((trx) => pruneAuditBefore(trx, cutoff, now));

describe(`audit retention prune (${testEngine()})`, () => {
  it('removes the events before the cut-off, anchors the kept chain, and the delete guard is back', async () => {
    const { cutoff, now } = await oldAndNew();
    const before = await count();
    const pruned = await prune(cutoff, now);
    expect(pruned?.removed).toBe(before - 4);
    expect(await count()).toBe(4);
    expect(await currentAnchor(app.container.database.db)).toEqual({
      first_id: pruned?.firstId,
      prev_hash: pruned?.anchor,
    });
    expect(await app.container.repositories.audit.verifyChain()).toMatchObject({ count: 4, brokenAt: null });
    // The append-only guards hold again after the prune's transaction.
    const db = app.container.database.db;
    await expect(sql`DELETE FROM audit_events`.execute(db)).rejects.toThrow(/append-only/);
    await expect(sql`UPDATE audit_events SET message = 'x'`.execute(db)).rejects.toThrow(/append-only/);
    expect(await count()).toBe(4);
    // Nothing old enough any more: nothing removed, nothing written.
    expect(await prune(cutoff, now)).toBeNull();
  });

  it('a prune whose transaction fails removes nothing and leaves the delete guard in place', async () => {
    const { cutoff, now } = await oldAndNew();
    const before = await count();
    await expect(
      app.container.database.db.transaction().execute(async (trx) => {
        expect(await pruneAuditBefore(trx, cutoff, now)).not.toBeNull();
        throw new Error('the signing step failed');
      }),
    ).rejects.toThrow('the signing step failed');
    expect(await count()).toBe(before);
    expect(await currentAnchor(app.container.database.db)).toBeNull();
    await expect(sql`DELETE FROM audit_events`.execute(app.container.database.db)).rejects.toThrow(
      /append-only/,
    );
  });

  // Several processes share a PostgreSQL database (a SQLite file has one writer at a time).
  it.skipIf(testEngine() !== 'postgres')(
    'appends from another connection during a prune keep one unbroken chain',
    async () => {
      const { cutoff, now } = await oldAndNew();
      const other = await connectPostgres(databaseArg(app.dbPath));
      try {
        const repo = new AuditRepository(other.db);
        const append = (i: number) =>
          repo.append({
            at: now,
            code: 'user:logged_in',
            message: `other process ${i}`,
            actor_id: null,
            actor_name: null,
            subject_id: 1,
            subject_name: `other${i}`,
            ip: null,
            session_hash: null,
            location: null,
            device_type: null,
            browser: null,
            os: null,
            details: '{}',
          });
        const appends = (async () => {
          for (let i = 0; i < 20; i++) await append(i);
        })();
        const pruned = await prune(cutoff, now);
        await appends;
        expect(pruned?.removed).toBe(6);
        expect(await count()).toBe(4 + 20);
        expect(await app.container.repositories.audit.verifyChain()).toMatchObject({
          count: 24,
          brokenAt: null,
        });
      } finally {
        await other.db.destroy();
      }
    },
  );
});
