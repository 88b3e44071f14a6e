import type { Logger } from '../adapters/logger';
import type { Services } from '../services/services';
import { buildHandlers } from './handlers';
import { IpcPipeline } from './pipeline';

/**
 * The IPC transport around the services: every channel's handler and the one pipeline. Built by
 * the app's composition root (index.ts) and the test harness; the CLI never builds it.
 */
export function buildIpcPipeline(
  services: Services,
  o: { isTrustedUrl: (url: string) => boolean; logger: Logger },
): IpcPipeline {
  const pipeline = new IpcPipeline(
    buildHandlers(services),
    services.sessions,
    o.isTrustedUrl,
    o.logger,
    (user) => services.twoFactorSetupRequired(user),
  );
  // A session ended by someone else sends its window back to sign-in.
  services.sessions.onEnded((id, reason) => {
    pipeline.sessionEnded(id, reason);
  });
  return pipeline;
}
