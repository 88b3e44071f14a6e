import { CHANNELS } from '../../../shared/ipc/contract';
import { AppError } from '../../../shared/result';
import { setupHandlers } from '../ipc/auth.ipc';
import { isDesktopChannel, openedDirectory, type DesktopChannel } from '../ipc/directory-gate';
import type { Handler, HandlerMap } from '../ipc/handler';
import { buildDirectoryHandlers } from '../ipc/handlers';
import type { Services } from '../services/services';

/**
 * The server's handler map: the directory's handlers, exactly as the desktop builds them. The
 * desktop's own channels (review, trusted signers, clipboard) have no server side; the HTTP
 * routes never reach them (shared/ipc/scope.ts), and this answer is the second line.
 */
export function serverHandlers(services: Services): HandlerMap {
  const desktop: Partial<Record<DesktopChannel, Handler<DesktopChannel>>> = {};
  for (const name of CHANNELS)
    if (isDesktopChannel(name))
      desktop[name] = () => Promise.reject(new AppError('unknown_channel', 'This runs on the desktop only.'));
  return {
    ...(desktop as Pick<HandlerMap, DesktopChannel>),
    ...setupHandlers(openedDirectory(services)),
    ...buildDirectoryHandlers(services),
  };
}
