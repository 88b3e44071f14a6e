import type { Db } from '../db/connection';
import type { Clock } from '../adapters/clock';
import type { AuditService } from './audit/audit.service';
import type { Messenger } from './delivery/messenger.port';

/**
 * What every writing use case shares: the database its transactions run on, the audit record
 * written inside them, the outbox that queues mail and SMS in the same transaction, and the
 * injected clock. Passing one of these replaces four constructor arguments.
 */
export interface UnitOfWork {
  readonly db: Db;
  readonly audit: AuditService;
  readonly clock: Clock;
  /** The outbox, resolved on use (tests swap `services.messenger` for a recorder). */
  messenger(): Messenger;
  /** Runs `body` in one transaction: its writes, audit rows and queued messages commit together. */
  transaction<T>(body: (trx: Db) => Promise<T>): Promise<T>;
}

/** Builds the unit of work over one database. */
export function unitOfWork(d: {
  db: Db;
  audit: AuditService;
  clock: Clock;
  messenger: () => Messenger;
}): UnitOfWork {
  return {
    db: d.db,
    audit: d.audit,
    clock: d.clock,
    messenger: d.messenger,
    transaction: (body) => d.db.transaction().execute(body),
  };
}
