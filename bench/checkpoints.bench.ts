import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContainer, type Container } from '../electron/main/container';
import { KeytarKeychain } from '../electron/main/adapters/keytar.keychain';
import { OfflineGeoLookup } from '../electron/main/adapters/geo';
import { MemoryLogger } from '../electron/main/adapters/logger';
import { AuditService } from '../electron/main/services/audit/audit.service';
import { generateDemo } from '../electron/main/services/audit/demo';
import { verifyDatabase, verifyDatabaseChain } from '../electron/main/services/audit/verify-db';
import { headAccount } from '../electron/main/services/audit/checkpoints';

const keychain = new KeytarKeychain('Portcullis-bench');
const ms = (t: number) => performance.now() - t;

/** Microseconds per event for `n` appends, each in its own transaction or all in one. */
async function perEvent(
  c: Container,
  svc: AuditService,
  n: number,
  oneTransaction: boolean,
): Promise<number> {
  const event = { code: 'user:logged_in' as const, at: new Date(), subject: { id: 1, username: 'bench' } };
  const t = performance.now();
  if (oneTransaction)
    await c.database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < n; i++) await svc.record(trx, event, null);
    });
  else
    for (let i = 0; i < n; i++)
      await c.database.db.transaction().execute((trx) => svc.record(trx, event, null));
  return (ms(t) * 1000) / n;
}

async function forget(dir: string): Promise<void> {
  for (const a of [`data-key:${dir}`, `audit-signing-key:${dir}`, headAccount(dir)]) await keychain.delete(a);
}

/**
 * Signed checkpoints (issue 18 item 4): what they add to each audit append (with and without,
 * alternating rounds, same database) and what `audit verify --db` costs beside the hash chain alone.
 */
export default async function bench(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-bench-cp-'));
  try {
    const c = await createContainer({ dbPath: join(dir, 'a.db'), keychain, logger: new MemoryLogger() });
    await c.checkpoints.signer();
    const plain = new AuditService(c.repositories.audit, new OfflineGeoLookup());
    for (const [label, n, one] of [
      ['one transaction per event', 1000, false],
      ['20,000 events in one transaction', 20_000, true],
    ] as const) {
      let without = 0;
      let withCp = 0;
      // Alternating which goes first, so a drift of the machine does not favour either.
      for (let round = 0; round < 4; round++) {
        if (round % 2 === 0) without += await perEvent(c, plain, n, one);
        withCp += await perEvent(c, c.services.audit, n, one);
        if (round % 2 === 1) without += await perEvent(c, plain, n, one);
      }
      console.log(
        `append, ${label}: ${(withCp / 4).toFixed(1)} µs/event with checkpoints every ${c.checkpoints.every}, ` +
          `${(without / 4).toFixed(1)} µs without (ratio ${(withCp / without).toFixed(2)})`,
      );
    }
    const first = await c.repositories.meta.instanceId();
    await c.close();
    await forget(first);

    const path = join(dir, 'big.db');
    const big = await createContainer({ dbPath: path, keychain, logger: new MemoryLogger() });
    const events = 200_000;
    await generateDemo(big.database.sqlite, new OfflineGeoLookup(), {
      users: 20,
      events,
      passwordHash: '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g',
      now: new Date(),
    });
    let t = performance.now();
    await big.checkpoints.checkpoint('shutdown');
    console.log(`checkpoint over ${events.toLocaleString('en-US')} unsigned events: ${ms(t).toFixed(0)} ms`);
    const second = await big.repositories.meta.instanceId();
    await big.close();
    t = performance.now();
    verifyDatabaseChain(path);
    const chain = ms(t);
    t = performance.now();
    const v = await verifyDatabase(path, { keychain });
    const full = ms(t);
    console.log(
      `verify --db ${events.toLocaleString('en-US')} events: ${full.toFixed(0)} ms (${v.status}); ` +
        `hash chain alone ${chain.toFixed(0)} ms (ratio ${(full / chain).toFixed(2)})`,
    );
    await forget(second);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
