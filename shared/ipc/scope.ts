import { CHANNELS, type ChannelName } from './contract';

/**
 * Where a channel is served: 'directory' channels act on the directory and are relayed to a team
 * server (`POST /api/<channel>`); 'desktop' channels belong to the computer the window runs on
 * (offline review and its trusted signers, the clipboard, saving a file through a dialog,
 * first-run setup, which directory the window connects to) and are never served over HTTP.
 */
export type ChannelScope = 'directory' | 'desktop';

/**
 * The desktop's own channels besides every review:*, clipboard:* and connection:* one. First-run setup
 * (auth:createOwner) is refused over HTTP: the first person to reach a fresh server must not become
 * its owner; the server's operator runs `portcullis init` instead. The public key file is saved
 * through a native dialog on the desktop.
 */
const DESKTOP_ONLY: ReadonlySet<ChannelName> = new Set<ChannelName>([
  'auth:createOwner',
  'audit:savePublicKeyFile',
]);

/** Whole domains that belong to the desktop (connection:* chooses the directory itself). */
const DESKTOP_PREFIXES = ['review:', 'clipboard:', 'connection:'] as const;

/** The scope of one channel. */
export function channelScope(name: ChannelName): ChannelScope {
  if (DESKTOP_PREFIXES.some((p) => name.startsWith(p)) || DESKTOP_ONLY.has(name)) return 'desktop';
  return 'directory';
}

/** True when the channel is served by the directory (and so by a team server). */
export function isDirectoryChannel(name: ChannelName): boolean {
  return channelScope(name) === 'directory';
}

/** Every directory channel, in contract order. */
export const DIRECTORY_CHANNELS: readonly ChannelName[] = CHANNELS.filter(isDirectoryChannel);
