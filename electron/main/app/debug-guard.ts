import inspector from 'node:inspector';
import { app, dialog } from 'electron';
import { stderrLogger, type Logger } from '../adapters/logger';
import { debuggingOptions, refusalMessage } from '../security/debug-switches';

/** Exit code of a refused start: the launch options are wrong, as with a command-line usage error. */
export const REFUSED_EXIT_CODE = 2;

/**
 * The installed app refuses to start with a debugger or DevTools protocol switch (the person at
 * the window would get a console into the app). Development builds start as usual.
 * Returns true when the start was refused: a log line, an error box (stderr on Linux before
 * `ready`), and the process exits; the caller must stop.
 */
export function refuseDebugging(logger: Logger = stderrLogger): boolean {
  if (!app.isPackaged) return false;
  const found = debuggingOptions({
    args: [...process.execArgv, ...process.argv.slice(1)],
    env: process.env,
    hasSwitch: (name) => app.commandLine.hasSwitch(name),
    inspectorUrl: inspector.url(),
    platform: process.platform,
  });
  if (found.length === 0) return false;
  logger.error('Refused to start: debugging options on the command line', { options: found });
  dialog.showErrorBox('Portcullis cannot start', refusalMessage(found));
  app.exit(REFUSED_EXIT_CODE);
  return true;
}

/**
 * The development server to load the renderer from, in a development build only. The installed
 * app always loads its own app:// files: a variable must not swap in a page of someone's choosing.
 */
export function devServerUrl(logger: Logger = stderrLogger): string | undefined {
  const url = process.env.ELECTRON_RENDERER_URL;
  if (!app.isPackaged || url === undefined) return url;
  logger.warn('ELECTRON_RENDERER_URL is ignored by the installed app; loading its own files');
  return undefined;
}
