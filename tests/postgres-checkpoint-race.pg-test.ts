import { expect, it } from 'vitest';
import { KeytarKeychain } from '../electron/main/adapters/keytar.keychain';
import type { CheckpointTables } from '../electron/main/db/schema/checkpoint.schema';
import { verifyDatabase } from '../electron/main/services/audit/verify-db';
import { twoContainersOnOnePg } from './support/two-containers';

// Issue 14, item 4: checkpoints stay valid with two processes on one PostgreSQL database. Two
// containers sign a checkpoint at the same moment (an export here, a shutdown there) while
// events are appended: without the chain's lock both signed the same event and verify reported
// "the checkpoints are out of order" (a false tamper alarm).
it('two containers checkpointing at the same moment: one checkpoint per head, verify says intact', async () => {
  const pair = await twoContainersOnOnePg({ checkpointEvery: 100_000 });
  const record = (app: typeof pair.a) =>
    app.container.database.db
      .transaction()
      .execute((trx) =>
        app.container.services.audit.record(trx, { code: 'user:logged_in', at: app.clock.now() }, null),
      );
  try {
    for (let round = 0; round < 5; round++) {
      for (let i = 0; i < 20; i++) await record(pair.a);
      await Promise.all([
        pair.a.container.checkpoints.checkpoint('export'),
        pair.b.container.checkpoints.checkpoint('export'),
        record(pair.b),
      ]);
    }
    const checkpoints = await pair.a.container.database.db
      .$extendTables<CheckpointTables>()
      .selectFrom('audit_checkpoints')
      .select('last_event_id')
      .orderBy('id')
      .execute();
    const ids = checkpoints.map((c) => c.last_event_id);
    const verdict = await verifyDatabase(pair.url, { keychain: new KeytarKeychain('Portcullis-test') });
    console.log(
      `simultaneous checkpoints, two containers: ${ids.length} checkpoints at events ${ids.join(', ')}; verify: ${verdict.status}${verdict.status === 'altered' ? ` (${verdict.reason})` : ''}`,
    );
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort((x, y) => x - y)).toEqual(ids);
    expect(verdict.status).toBe('intact');
  } finally {
    await pair.close();
  }
});
