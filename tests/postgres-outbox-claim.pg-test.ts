import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type OpenedDatabase } from '../electron/main/db/connection';
import { OutboxRepository } from '../electron/main/db/repositories/outbox.repository';
import { testPgServer } from './support/engine';

const MESSAGES = 200;
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

describe('outbox claims with two workers on one PostgreSQL database (issue 14, item 4)', () => {
  it(`${MESSAGES} due messages, two workers claiming at once: each message is claimed exactly once`, async () => {
    const seed = new OutboxRepository(a.db);
    for (let i = 0; i < MESSAGES; i++)
      await seed.insert({
        created_at: NOW,
        updated_at: NOW,
        user_id: null,
        channel: 'email',
        recipient: `user${i}@example.com`,
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
      });
    // Two connection pools, as two processes: each reads the due rows and claims them, racing.
    const claimedBy = await Promise.all(
      [a, b].map(async (d) => {
        const repo = new OutboxRepository(d.db);
        const mine: number[] = [];
        for (;;) {
          const due = await repo.due(NOW, 25);
          if (due.length === 0) return mine;
          for (const row of due) if (await repo.claim(row.id, NOW)) mine.push(row.id);
        }
      }),
    );
    const all = claimedBy.flat().sort((x, y) => x - y);
    console.log(
      `outbox claims: worker A ${claimedBy[0]?.length}, worker B ${claimedBy[1]?.length}, ${MESSAGES} messages`,
    );
    expect(all).toEqual(Array.from({ length: MESSAGES }, (_, i) => i + 1));
    // Both workers took part (else the race was not run).
    expect(Math.min(...claimedBy.map((c) => c.length))).toBeGreaterThan(0);
  });
});
