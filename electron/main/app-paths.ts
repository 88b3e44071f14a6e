import { homedir } from 'node:os';
import { join } from 'node:path';

/** The per-user data folder, the same one Electron's app.getPath('userData') gives for "Portcullis". */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Portcullis');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Portcullis');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'Portcullis');
}

/** Database path: explicit option, else PORTCULLIS_DB, else the data folder. */
export function resolveDbPath(explicit?: string, env = process.env, dataDir = defaultDataDir()): string {
  return explicit ?? env.PORTCULLIS_DB ?? join(dataDir, 'portcullis.db');
}
