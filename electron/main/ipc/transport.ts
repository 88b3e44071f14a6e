import type { Logger } from '../adapters/logger';
import type { Services } from '../services/services';
import { buildDesktopServices, type DesktopServices } from '../services/desktop';
import { buildDesktopHandlers, buildDirectoryHandlers } from './handlers';
import { setupHandlers } from './auth.ipc';
import { gateDirectoryHandlers, openedDirectory, type DirectoryAccess } from './directory-gate';
import type { HandlerMap } from './handler';
import { IpcPipeline } from './pipeline';

/** What every pipeline needs besides its services: which page may call, and where refusals are logged. */
export interface TransportOptions {
  isTrustedUrl: (url: string) => boolean;
  logger: Logger;
}

/**
 * The app's transport: the desktop's own channels (review, trusted signers) answer without a
 * directory; setup channels go to the directory handle; every other channel opens the existing
 * directory on first need and, before first-run setup, is refused without creating anything.
 * Built by the app's composition root (index.ts) and the test harness; the CLI never builds it.
 */
export function buildDesktopPipeline(
  desktop: DesktopServices,
  directory: DirectoryAccess,
  o: TransportOptions,
): IpcPipeline {
  const handlers: HandlerMap = {
    ...buildDesktopHandlers(desktop),
    ...setupHandlers(directory),
    ...gateDirectoryHandlers(directory, buildDirectoryHandlers),
  };
  const pipeline = new IpcPipeline(
    handlers,
    {
      // A window holds a session only after sign-in or setup, so the directory is open by then.
      resolve: async (id, activity) => {
        const s = await directory.existing();
        return s ? s.sessions.resolve(id, activity) : { status: 'ended', reason: 'revoked' };
      },
    },
    o.isTrustedUrl,
    o.logger,
    async (user) => {
      const s = await directory.existing();
      return s ? s.twoFactorSetupRequired(user) : false;
    },
  );
  // A session ended by someone else sends its window back to sign-in.
  directory.onOpen((s) => {
    s.sessions.onEnded((id, reason) => {
      pipeline.sessionEnded(id, reason);
    });
  });
  return pipeline;
}

/**
 * The transport around an already open directory (tests, bench): the same pipeline, with
 * desktop services of its own unless given.
 */
export function buildIpcPipeline(
  services: Services,
  o: TransportOptions & { desktop?: DesktopServices },
): IpcPipeline {
  const desktop = o.desktop ?? buildDesktopServices({ fileDialog: services.fileDialog });
  return buildDesktopPipeline(desktop, openedDirectory(services), o);
}
