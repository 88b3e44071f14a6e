import { join } from 'node:path';
import { app, dialog } from 'electron';
import { initLifecycle } from './app/lifecycle';
import { createMainWindow } from './windows/main-window';
import { registerIpc } from './ipc/register';
import { createContainer } from './container';
import { Directory } from './directory';
import { buildDesktopPipeline } from './ipc/transport';
import { KeytarKeychain } from './adapters/keytar.keychain';
import { stderrLogger } from './adapters/logger';
import { isPostgresUrl, resolveDbPath, UnsupportedDatabaseError } from './app-paths';
import { localIp } from './client-info';
import { ElectronFileDialog } from './app/file-dialog';
import { electronClipboard } from './app/clipboard';
import { openLinkedTokenWindow } from './windows/linked-token-window';
import { APP_INDEX_URL, registerAppScheme, serveRenderer } from './app/app-protocol';
import { devServerUrl, refuseDebugging } from './app/debug-guard';
import { installAppMenu } from './app/app-menu';
import { ReviewLauncher, reviewFileArgument } from './app/open-review';
import { buildDesktopServices } from './services/desktop';
import { PendingReviewFile } from './services/review/pending-file';
import { chooseDirectory, SwitchableDispatcher } from './remote';

/** `--db PATH` from the command line, if given. */
function dbArgument(argv: string[]): string | undefined {
  const i = argv.indexOf('--db');
  return i >= 0 ? argv[i + 1] : argv.find((a) => a.startsWith('--db='))?.slice(5);
}

function cannotStart(e: unknown): void {
  dialog.showErrorBox('Portcullis cannot start', e instanceof Error ? e.message : String(e));
  app.exit(1);
}

/**
 * Composition root: desktop services (offline review, trusted signers) -> the directory, opened
 * now when its database exists and otherwise only by first-run setup -> IPC pipeline -> window.
 * On a computer that never saw a directory nothing is written to disk or the keychain at start.
 */
async function main(): Promise<void> {
  app.setName('Portcullis');
  // First, before a lock, a database or a window exists: nothing to attach a debugger to.
  if (refuseDebugging()) return;
  const pendingReview = new PendingReviewFile();
  const launcher = new ReviewLauncher(pendingReview);
  // macOS may hand over the file to open before `ready`.
  const onFile = (path: string): void => {
    launcher.file(path);
  };
  if (!initLifecycle({ onFile })) {
    app.quit();
    return;
  }
  const startFile = reviewFileArgument(process.argv);
  if (startFile) launcher.file(startFile);
  registerAppScheme();
  await app.whenReady();
  installAppMenu({
    reviewExport: () => {
      launcher.chooseFile();
    },
  });
  const devUrl = devServerUrl();
  if (!devUrl) serveRenderer(join(__dirname, '../renderer'));
  // The app's own page, compared without its #/route (Chromium adds a trailing slash to dev URLs).
  const trusted = new URL(devUrl ?? APP_INDEX_URL);
  trusted.hash = '';
  const fileDialog = new ElectronFileDialog();
  const desktop = buildDesktopServices({
    userDataDir: app.getPath('userData'),
    pendingReview,
    clipboard: electronClipboard,
  });
  desktop.fileDialog.use(fileDialog);
  const isTrustedUrl = (url: string): boolean =>
    URL.canParse(url) && new URL(url).href.split('#')[0] === trusted.href;
  let directory: Directory;
  let relay: SwitchableDispatcher;
  try {
    const dbPath = resolveDbPath(dbArgument(process.argv), process.env, app.getPath('userData'));
    // Directory decides "set up yet?" by the file; a PostgreSQL directory needs its own check first.
    if (isPostgresUrl(dbPath))
      throw new UnsupportedDatabaseError(
        'The desktop app opens a SQLite file only for now; a PostgreSQL directory works from the command line ' +
          '(portcullis … --db postgres://…). Give the app a file path with --db (or PORTCULLIS_DB).',
      );
    directory = new Directory({
      dbPath,
      open: () => createContainer({ dbPath, keychain: new KeytarKeychain() }),
      prepare: async (container) => {
        container.services.fileDialog.use(fileDialog);
        container.services.linkedToken.setOpener(openLinkedTokenWindow);
        await container.startBackground();
      },
    });
    // The transport is built around the services here, not inside the container the CLI shares.
    const pipeline = buildDesktopPipeline(desktop, directory, { isTrustedUrl, logger: stderrLogger });
    // A saved team server connection relays the directory's channels there (a damaged file says what to do).
    const o = { isTrustedUrl, logger: stderrLogger, fileDialog: desktop.fileDialog };
    const switchable = new SwitchableDispatcher(
      chooseDirectory(app.getPath('userData'), pipeline, o),
      pipeline,
      o,
    );
    relay = switchable;
    // connection:save / connection:forget switch the running shell (null: back to this computer).
    desktop.connection.setActive({ server: switchable.server, databaseFile: dbPath });
    desktop.connection.setSwitcher((c) => {
      if (c) switchable.connect(c);
      else switchable.disconnect();
      return Promise.resolve();
    });
    // An existing directory opens now, so a damaged file or a locked keychain is said at once; a
    // desktop connected to a team server never opens one (no database, no keychain entry).
    if (relay.server === null && directory.exists()) await directory.existing();
  } catch (e) {
    cannotStart(e);
    return;
  }
  const ip = localIp();
  registerIpc(relay, (wc) => ({ ip, userAgent: wc.getUserAgent() }));
  app.on('web-contents-created', (_e, contents) => {
    contents.once('destroyed', () => {
      relay.forget(`wc:${contents.id}`);
    });
  });
  // Quitting waits for the shutdown audit checkpoint (directory.close signs it) and the review
  // clean-up; app.quit() then emits will-quit again, which the flag lets through.
  let quitting = false;
  app.on('will-quit', (e) => {
    if (quitting) return;
    quitting = true;
    e.preventDefault();
    relay.close();
    // A secret copied less than 60 s ago does not outlive the app.
    void Promise.allSettled([desktop.clipboard.flush(), desktop.review.closeAll(), directory.close()]).then(
      () => {
        app.quit();
      },
    );
  });
  const win = await createMainWindow({
    preloadPath: join(__dirname, '../preload/index.cjs'),
    url: launcher.startUrl(trusted.href),
  });
  launcher.attach(win);
}

main().catch((e: unknown) => {
  stderrLogger.error('Portcullis failed to start', { error: e instanceof Error ? e.message : String(e) });
  app.exit(1);
});
