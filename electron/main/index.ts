import { join } from 'node:path';
import { app, dialog } from 'electron';
import { initLifecycle } from './app/lifecycle';
import { createMainWindow } from './windows/main-window';
import { registerIpc } from './ipc/register';
import { createContainer, type Container } from './container';
import { buildIpcPipeline } from './ipc/transport';
import { KeytarKeychain } from './adapters/keytar.keychain';
import { stderrLogger } from './adapters/logger';
import { resolveDbPath } from './app-paths';
import { localIp } from './client-info';
import { ElectronFileDialog } from './app/file-dialog';
import { openLinkedTokenWindow } from './windows/linked-token-window';
import { APP_INDEX_URL, registerAppScheme, serveRenderer } from './app/app-protocol';
import { devServerUrl, refuseDebugging } from './app/debug-guard';
import { installAppMenu } from './app/app-menu';

/** `--db PATH` from the command line, if given. */
function dbArgument(argv: string[]): string | undefined {
  const i = argv.indexOf('--db');
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--db='))?.slice(5);
}

/** Composition root: container (db -> repositories -> services) -> IPC pipeline -> window. */
async function main(): Promise<void> {
  app.setName('Portcullis');
  // First, before a lock, a database or a window exists: nothing to attach a debugger to.
  if (refuseDebugging()) return;
  if (!initLifecycle()) {
    app.quit();
    return;
  }
  registerAppScheme();
  await app.whenReady();
  installAppMenu();
  const devUrl = devServerUrl();
  if (!devUrl) serveRenderer(join(__dirname, '../renderer'));
  // The app's own page, compared without its #/route (Chromium adds a trailing slash to dev URLs).
  const trusted = new URL(devUrl ?? APP_INDEX_URL);
  trusted.hash = '';
  let container: Container;
  try {
    container = await createContainer({
      dbPath: resolveDbPath(dbArgument(process.argv), process.env, app.getPath('userData')),
      keychain: new KeytarKeychain(),
    });
  } catch (e) {
    dialog.showErrorBox('Portcullis cannot start', e instanceof Error ? e.message : String(e));
    app.exit(1);
    return;
  }
  container.services.fileDialog.use(new ElectronFileDialog());
  container.services.linkedToken.setOpener(openLinkedTokenWindow);
  // The transport is built around the services here, not inside the container the CLI shares.
  const pipeline = buildIpcPipeline(container.services, {
    isTrustedUrl: (url) => URL.canParse(url) && new URL(url).href.split('#')[0] === trusted.href,
    logger: stderrLogger,
  });
  const ip = localIp();
  registerIpc(pipeline, (wc) => ({ ip, userAgent: wc.getUserAgent() }));
  app.on('web-contents-created', (_e, contents) => {
    contents.once('destroyed', () => {
      pipeline.forget(`wc:${contents.id}`);
    });
  });
  app.on('will-quit', () => {
    void container.close();
  });
  await container.startBackground();
  await createMainWindow({ preloadPath: join(__dirname, '../preload/index.cjs'), url: trusted.href });
}

main().catch((e: unknown) => {
  stderrLogger.error('Portcullis failed to start', { error: e instanceof Error ? e.message : String(e) });
  app.exit(1);
});
