import { CHANNELS, type ChannelName } from '../../../shared/ipc/contract';
import { AppError, type ErrorCode } from '../../../shared/result';
import type { Services } from '../services/services';
import type { Handler, HandlerMap } from './handler';

/**
 * The directory (the database and its keychain data key) as the transport sees it: opened on
 * first need, never created except by first-run setup. The app's is electron/main/directory.ts.
 */
export interface DirectoryAccess {
  /** The directory's services; opens an existing database file; null when there is none (nothing is created). */
  existing(): Promise<Services | null>;
  /** Opens the directory, creating the database file and its keychain data key if needed (first-run setup). */
  create(): Promise<Services>;
  /** Runs `listener` once the directory is open (at once when it already is). */
  onOpen(listener: (services: Services) => void): void;
}

/** A directory that is already open (the CLI-style container, tests, bench). */
export function openedDirectory(services: Services): DirectoryAccess {
  return {
    existing: () => Promise.resolve(services),
    create: () => Promise.resolve(services),
    onOpen: (listener) => {
      listener(services);
    },
  };
}

/**
 * Channels served by the desktop alone: offline review, trusted signers, Copy and the choice of
 * directory (this computer or a team server), none of which needs a directory.
 */
export type DesktopChannel = Extract<
  ChannelName,
  `review:${string}` | `clipboard:${string}` | `connection:${string}`
>;
/** First-run setup: asks whether a directory exists, or creates it. */
export type SetupChannel = 'auth:needsSetup' | 'auth:createOwner';
/** Every other channel needs the directory. */
export type DirectoryChannel = Exclude<ChannelName, DesktopChannel | SetupChannel>;
export type DirectoryHandlers = Pick<HandlerMap, DirectoryChannel>;

/** Whether a channel works without a directory (the desktop's own). */
export function isDesktopChannel(name: ChannelName): name is DesktopChannel {
  return name.startsWith('review:') || name.startsWith('clipboard:') || name.startsWith('connection:');
}

function isSetupChannel(name: ChannelName): name is SetupChannel {
  return name === 'auth:needsSetup' || name === 'auth:createOwner';
}

/** The code answered by a directory channel called before first-run setup. */
export const NO_DIRECTORY_CODE: ErrorCode = 'setup_required';
export const NO_DIRECTORY_MESSAGE =
  'Portcullis has no directory on this computer yet. Create the owner account first (first-run setup), or review an audit export without one.';

/**
 * Every directory channel behind the directory: an existing database is opened on the first
 * call; before first-run setup each answers NO_DIRECTORY_CODE and creates nothing. The real
 * handlers are built once per opened directory by `build`.
 */
export function gateDirectoryHandlers(
  directory: DirectoryAccess,
  build: (services: Services) => DirectoryHandlers,
): DirectoryHandlers {
  let built: { services: Services; handlers: DirectoryHandlers } | null = null;
  const handlersOf = (services: Services): DirectoryHandlers => {
    if (built?.services !== services) built = { services, handlers: build(services) };
    return built.handlers;
  };
  const gated: Partial<Record<DirectoryChannel, Handler<DirectoryChannel>>> = {};
  for (const name of CHANNELS) {
    if (isDesktopChannel(name) || isSetupChannel(name)) continue;
    gated[name] = async (input, ctx) => {
      const services = await directory.existing();
      if (!services) throw new AppError(NO_DIRECTORY_CODE, NO_DIRECTORY_MESSAGE);
      const handler = handlersOf(services)[name] as Handler<DirectoryChannel>;
      return handler(input, ctx);
    };
  }
  return gated as DirectoryHandlers;
}
