import { existsSync, mkdirSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { buildSync } from 'esbuild';
import { test as base, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import type { Result } from '../../shared/result';
import { APP_ORIGIN, removeDir, startServices, type TestApp } from '../support/services';
import type { Caller } from '../../electron/main/ipc/pipeline';
import type { CallDispatcher } from '../../electron/main/remote/dispatcher';
import { startFreshMachine, type FreshMachine } from '../support/fresh-machine';
import { startSmtpServer, type TestSmtpServer } from '../support/smtp-server';
import { startSmsGateway, type TestSmsGateway } from '../support/sms-gateway';
import { configureDelivery } from '../support/delivery';
import { TestFileDialog } from './file-dialog';
import { SecretRecorder } from './secrets';
import { SEED_PASSWORD } from '../support/admin-fixtures';
import { OWNER } from '../support/my-security-fixtures';

const root = join(__dirname, '../..');
/** Where the built renderer is served from. */
export const rendererDir = process.env.PORTCULLIS_RENDERER_OUT ?? join(root, 'out/renderer');
export const SCREENS = join(process.env.PORTCULLIS_TEST_RESULTS ?? join(root, 'test-results'), 'screens');

let preloadSource: string | undefined;
/** The browser stand-in for the preload, bundled from the same shared code. */
function browserPreload(): string {
  preloadSource ??= buildSync({
    entryPoints: [join(__dirname, 'browser-preload.ts')],
    bundle: true,
    format: 'iife',
    write: false,
    platform: 'browser',
    target: 'chrome120',
  }).outputFiles[0]?.text;
  if (!preloadSource) throw new Error('Could not bundle the browser preload.');
  return preloadSource;
}

export interface AppWindow {
  page: Page;
  context: BrowserContext;
}

export interface Harness {
  services: TestApp;
  /** Opens a new app window (own browser context = own device), on the given IP. */
  openWindow(o?: { ip?: string; hash?: string }): Promise<AppWindow>;
  /** Saves a full-page screenshot under test-results/screens. */
  screenshot(page: Page, name: string): Promise<void>;
  /** Audit codes in insertion order. */
  auditCodes(): string[];
  /**
   * Loopback SMTP server the app sends to (STARTTLS + auth): `await harness.mail.waitForMessage({ to,
   * subjectIncludes? })` -> { to, subject, text, html }; `waitForCode({ to })` -> the code in it.
   */
  mail: TestSmtpServer;
  /** Loopback SMS gateway (webhook shape by default): `await harness.sms.waitForMessage({ to })` -> { to, body }. */
  sms: TestSmsGateway;
  /** File dialogs: `harness.files.willSaveTo(path)` / `willOpen(path)` before the click. */
  files: TestFileDialog;
  /**
   * Every secret this test used, for the suite-wide at-rest scan (tests/e2e/secrets-at-rest.spec.ts).
   * Bridge traffic and delivered messages are recorded automatically; `secrets.add(kind, value)` for
   * secrets that never cross the bridge (e.g. a token a loopback provider issued).
   */
  secrets: SecretRecorder;
}

/**
 * Serves the built renderer at APP_ORIGIN in a new context and wires its bridge to `pipeline`: the
 * local IpcPipeline, or a RemoteDirectory relaying to a team server (tests/e2e/team-server-fixtures.ts).
 */
export async function openAppWindow(
  browser: Browser,
  contexts: BrowserContext[],
  pipeline: CallDispatcher,
  o: {
    ip?: string;
    /** The #route to open (main sends the window to '#/review?pending=1' for a file it was opened with). */
    hash?: string;
    onCall?: (channel: string, payload: unknown, result: Result<unknown>) => void;
  } = {},
): Promise<AppWindow> {
  const context = await browser.newContext();
  contexts.push(context);
  const key = `page:${++windowCounter}`;
  await context.route(`${APP_ORIGIN}/**`, async (route) => {
    const { pathname } = new URL(route.request().url());
    const file = normalize(join(rendererDir, pathname === '/' ? 'index.html' : pathname));
    if (!file.startsWith(rendererDir) || !existsSync(file))
      return route.fulfill({ status: 404, body: 'not found' });
    return route.fulfill({ path: file });
  });
  const page = await context.newPage();
  const userAgent = await page.evaluate(() => navigator.userAgent);
  await page.exposeBinding('__portcullisInvoke', async (source, channel: unknown, payload: unknown) => {
    const caller: Caller = {
      key,
      frameUrl: source.frame.url(),
      isMainFrame: source.frame === source.page.mainFrame(),
      client: { ip: o.ip ?? '127.0.0.1', userAgent },
      push: (event, data) => {
        void source.page
          .evaluate(
            ([e, d]) => {
              (
                window as unknown as { __portcullisPush?: (e: string, d: unknown) => void }
              ).__portcullisPush?.(e, d);
            },
            [event, data] as const,
          )
          .catch(() => undefined);
      },
    };
    const result = await pipeline.dispatch(caller, channel, payload);
    if (typeof channel === 'string') o.onCall?.(channel, payload, result);
    return result;
  });
  await page.addInitScript({ content: browserPreload() });
  await page.goto(`${APP_ORIGIN}/index.html${o.hash ?? ''}`);
  return { page, context };
}

let windowCounter = 0;

/**
 * A computer that never saw a directory (issue 18, item 5): the app's desktop pipeline, the
 * directory unopened (no database file) and an OS keychain service of the test's own.
 */
export interface FreshHarness {
  /** The database path (must not exist until setup), the keychain lister, the desktop services. */
  machine: FreshMachine;
  openWindow(o?: { hash?: string }): Promise<AppWindow>;
  /** File dialogs: `files.willOpen(path)` before the click. */
  files: TestFileDialog;
  screenshot(page: Page, name: string): Promise<void>;
}

/**
 * `harness`: real services + built renderer in Debian Chromium, wired like the preload.
 * `fresh`: the same renderer on a fresh computer (startFreshMachine), nothing opened.
 */
export const test = base.extend<{ harness: Harness; fresh: FreshHarness }>({
  fresh: async ({ browser }, use) => {
    if (!existsSync(join(rendererDir, 'index.html')))
      throw new Error('out/renderer is missing: run `npm run build:renderer` (npm run test:e2e does) first.');
    const machine = startFreshMachine();
    const files = new TestFileDialog();
    machine.desktop.fileDialog.use(files);
    const contexts: BrowserContext[] = [];
    mkdirSync(SCREENS, { recursive: true });
    await use({
      machine,
      files,
      openWindow: (o = {}) => openAppWindow(browser, contexts, machine.pipeline, o),
      screenshot: async (page, name) => {
        await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
      },
    });
    for (const c of contexts) await c.close();
    await machine.close();
  },
  harness: async ({ browser }, use, testInfo) => {
    if (!existsSync(join(rendererDir, 'index.html')))
      throw new Error('out/renderer is missing: run `npm run build:renderer` (npm run test:e2e does) first.');
    const services = await startServices({ delivery: { pollMs: 200 } });
    // Outgoing mail/SMS go to loopback servers; account services: SMS on (100 messages), email on.
    const mail = await startSmtpServer();
    const sms = await startSmsGateway();
    await configureDelivery(services, { smtp: mail, sms });
    await services.container.startBackground();
    const contexts: BrowserContext[] = [];
    const files = new TestFileDialog();
    services.container.services.fileDialog.use(files);
    mkdirSync(SCREENS, { recursive: true });
    const secrets = new SecretRecorder();
    secrets.add('smtp credential', mail.password);
    secrets.add('sms credential', sms.authToken);
    secrets.add('sms credential', sms.webhookToken);
    // Passwords fixtures may give users without typing them through the bridge.
    secrets.add('password', SEED_PASSWORD);
    secrets.add('password', OWNER.password);
    const harness: Harness = {
      services,
      mail,
      sms,
      files,
      secrets,
      openWindow: (o = {}) =>
        openAppWindow(browser, contexts, services.container.pipeline, {
          ...o,
          onCall: (channel, payload, result) => {
            secrets.fromCall(channel, payload, result);
          },
        }),
      async screenshot(page, name) {
        await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
      },
      auditCodes() {
        return (
          services.container.database.sqlite.prepare('SELECT code FROM audit_events ORDER BY id').all() as {
            code: string;
          }[]
        ).map((r) => r.code);
      },
    };
    await use(harness);
    for (const c of contexts) await c.close();
    for (const m of mail.messages) secrets.fromMessage(`${m.text}\n${m.html}`);
    for (const m of sms.messages) secrets.fromMessage(m.body);
    const kept = secrets.keep(`${String(testInfo.workerIndex)}-${testInfo.testId}`, services);
    await services.close();
    SecretRecorder.keepClosed(kept, services);
    await mail.stop();
    await sms.stop();
    removeDir(services.dir);
  },
});

export { expect };
