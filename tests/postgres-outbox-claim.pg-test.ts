import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db, type OpenedDatabase } from '../electron/main/db/connection';
import { OutboxRepository } from '../electron/main/db/repositories/outbox.repository';
import { CLAIM_LEASE_MS } from '../electron/main/services/delivery/delivery-worker';
import { testPgServer } from './support/engine';

const MESSAGES = 200;
const BATCH = 10;
const NOW = '2026-03-02T09:00:00.000Z';
let a: OpenedDatabase;
let b: OpenedDatabase;
beforeAll(async () => {
  const url = await (await testPgServer()).createDatabase();
  [a, b] = [await openDatabase(url), await openDatabase(url)];
});
afterAll(async () => {
  await Promise.all([a.close(), b.close()]);
});

/** Queues `n` due emails; their ids. */
async function seed(n: number, recipient = 'user'): Promise<number[]> {
  const repo = new OutboxRepository(a.db);
  const ids: number[] = [];
  for (let i = 0; i < n; i++)
    ids.push(
      await repo.insert({
        created_at: NOW,
        updated_at: NOW,
        user_id: null,
        channel: 'email',
        recipient: `${recipient}${i}@example.com`,
        template: 'welcome',
        body_text: 'hello',
        body_html: null,
        secret: null,
        fallback_email: null,
        fallback_id: null,
        max_attempts: 3,
        next_attempt_at: NOW,
        last_error: null,
        sent_at: null,
      }),
    );
  return ids;
}

/** B's claim in its own transaction, refusing to wait on a lock (a wait would be a failure, said clearly). */
function claimWithoutWaiting(db: Db, limit: number): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    await sql`SET LOCAL lock_timeout = '5s'`.execute(trx);
    return (await new OutboxRepository(db).claimDue(NOW, limit, trx)).map((r) => r.id);
  });
}

describe('outbox claims with two workers on one PostgreSQL database (issue 14, item 4)', () => {
  it(`worker B claims while worker A's claim transaction is still open: B skips A's locked rows, every one of ${MESSAGES} messages claimed exactly once`, async () => {
    const ids = await seed(MESSAGES);
    const claimedBy: { A: number[]; B: number[] } = { A: [], B: [] };
    let rounds = 0;
    let bWhileAHeld = 0;
    for (;;) {
      // Two connection pools, as two processes. A claims a batch and, before its transaction
      // commits (its row locks held), B claims: without SKIP LOCKED B would wait on A's locks
      // (lock_timeout fails it) or take the same rows.
      const [mine, theirs] = await a.db.transaction().execute(async (trx) => {
        const held = (await new OutboxRepository(a.db).claimDue(NOW, BATCH, trx)).map((r) => r.id);
        const other = await claimWithoutWaiting(b.db, BATCH);
        return [held, other] as const;
      });
      if (mine.length === 0 && theirs.length === 0) break;
      rounds++;
      if (mine.length > 0 && theirs.length > 0) bWhileAHeld++;
      claimedBy.A.push(...mine);
      claimedBy.B.push(...theirs);
    }
    const all = [...claimedBy.A, ...claimedBy.B].sort((x, y) => x - y);
    const counts = await new OutboxRepository(a.db).counts();
    console.log(
      `outbox claims (A's transaction held open): ${rounds} rounds, worker A ${claimedBy.A.length}, worker B ${claimedBy.B.length} (B claimed while A held its locks in ${bWhileAHeld} rounds), ${MESSAGES} messages, ${counts.sending} now 'sending', ${counts.pending} pending`,
    );
    expect(all).toEqual(ids);
    expect(claimedBy.A).toHaveLength(MESSAGES / 2);
    expect(claimedBy.B).toHaveLength(MESSAGES / 2);
    expect(bWhileAHeld).toBe(MESSAGES / (2 * BATCH));
    expect(counts).toMatchObject({ sending: MESSAGES, pending: 0 });
  });

  it('two workers claiming freely at once: each message claimed exactly once', async () => {
    const ids = await seed(MESSAGES, 'free');
    const claimedBy = await Promise.all(
      [a, b].map(async (d) => {
        const repo = new OutboxRepository(d.db);
        const mine: number[] = [];
        for (;;) {
          const rows = await repo.claimDue(NOW, 5);
          if (rows.length === 0) return mine;
          mine.push(...rows.map((r) => r.id));
        }
      }),
    );
    const all = claimedBy.flat().sort((x, y) => x - y);
    console.log(
      `outbox claims (free race): worker A ${claimedBy[0]?.length}, worker B ${claimedBy[1]?.length}, ${MESSAGES} messages`,
    );
    expect(all).toEqual(ids);
  });

  it("a second process starting does not release the first one's claims; an expired lease does", async () => {
    const repo = new OutboxRepository(b.db);
    // The rows the tests above claimed count as delivered: this story has one message.
    await a.db.updateTable('outbox').set({ status: 'sent' }).where('status', '=', 'sending').execute();
    const id = (await seed(1, 'lease'))[0] ?? 0;
    const claimed = await new OutboxRepository(a.db).claimDue(NOW, 100);
    expect(claimed.map((r) => r.id)).toEqual([id]);
    const at = (ms: number) => new Date(Date.parse(NOW) + ms).toISOString();
    const before = (ms: number) => at(ms - CLAIM_LEASE_MS);
    // One minute later, another process starts its worker: the row is someone's, mid-send.
    const early = await repo.releaseExpired(before(60_000), at(60_000));
    // Just past the lease: the first process is taken to have crashed, and the row is free again.
    const late = await repo.releaseExpired(before(CLAIM_LEASE_MS + 1), at(CLAIM_LEASE_MS + 1));
    console.log(`outbox lease: released 1 minute in ${early}, just past the lease ${late}`);
    expect(early).toBe(0);
    expect(late).toBe(1);
    expect((await repo.get(id))?.status).toBe('pending');
  });
});
