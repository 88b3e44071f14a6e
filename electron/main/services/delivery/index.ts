import type { Db } from '../../db/connection';
import { OutboxRepository } from '../../db/repositories/outbox.repository';
import type { SettingsRepository } from '../../db/repositories/settings.repository';
import type { Keychain } from '../../adapters/keychain.port';
import type { Clock } from '../../adapters/clock';
import type { Logger } from '../../adapters/logger';
import type { FieldCipher } from '../../security/field-cipher';
import type { AuditService } from '../audit.service';
import { DeliveryConfig } from './delivery-config';
import { DeliveryAdminService } from './delivery-admin.service';
import { DeliveryWorker } from './delivery-worker';
import { OutboxAdminService } from './outbox-admin.service';
import { OutboxMessenger } from './outbox-messenger';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';
import { Transports } from './transports';

export interface DeliveryDeps {
  db: Db;
  settings: SettingsRepository;
  keychain: Keychain;
  instanceId: string;
  cipher: FieldCipher;
  audit: AuditService;
  clock: Clock;
  logger: Logger;
  policy?: RetryPolicy | undefined;
  pollMs?: number | undefined;
}

/** Outgoing mail and SMS, wired: the Messenger for other services, the worker, and the admin services. */
export interface Delivery {
  messenger: OutboxMessenger;
  worker: DeliveryWorker;
  admin: DeliveryAdminService;
  outbox: OutboxAdminService;
  config: DeliveryConfig;
}

/** Builds the delivery module (no side effects until `worker.start()`). */
export function createDelivery(d: DeliveryDeps): Delivery {
  const policy = d.policy ?? DEFAULT_RETRY_POLICY;
  const repo = new OutboxRepository(d.db);
  const config = new DeliveryConfig(d.db, d.settings, d.keychain, d.instanceId);
  const transports = new Transports(config);
  let worker: DeliveryWorker | null = null;
  const wake = () => {
    worker?.wake();
  };
  const messenger = new OutboxMessenger(repo, config, d.cipher, d.audit, d.clock, policy, wake);
  worker = new DeliveryWorker({
    db: d.db,
    outbox: repo,
    config,
    transports,
    messenger,
    cipher: d.cipher,
    clock: d.clock,
    logger: d.logger,
    policy,
    pollMs: d.pollMs,
  });
  return {
    messenger,
    worker,
    admin: new DeliveryAdminService(d.db, config, transports, d.audit, d.clock),
    outbox: new OutboxAdminService(d.db, repo, d.audit, d.clock, wake),
    config,
  };
}
