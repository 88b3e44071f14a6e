import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { KeyFileKeychain } from '../../electron/main/adapters/key-file.keychain';
import { chooseDirectory, CONNECTION_FILE, SwitchableDispatcher } from '../../electron/main/remote';
import { startFreshMachine, type FreshMachine } from '../support/fresh-machine';
import { OWNER } from '../support/people';
import { makeCertificate, startFakeTeamServer, type TestCertificate } from '../support/test-certificates';
import { APP_ORIGIN, removeDir, tempDir } from '../support/services';
import { startTestServer, type TestServer } from '../support/team-server';
import { openAppWindow, rendererDir, SCREENS, type AppWindow } from './fixtures';
import { submitSignIn } from './stories';
import { TestFileDialog } from './file-dialog';

/** The fingerprint as the window shows it: 64 hex digits in groups of four. */
const grouped = (fp: string) => (fp.replace(/:/g, '').match(/.{4}/g) ?? []).join(' ');

/** The data-testid on or around the focused element ('' when none). */
function focused(page: Page): Promise<string> {
  return page.evaluate(
    () => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? '',
  );
}

/** Presses Tab (Shift+Tab with `back`) until `testid` holds the focus; fails after 40 presses. */
async function tabTo(page: Page, testid: string, back = false): Promise<void> {
  for (let i = 0; i < 40; i++) {
    if ((await focused(page)) === testid) return;
    await page.keyboard.press(back ? 'Shift+Tab' : 'Tab');
  }
  throw new Error(`Tab never reached ${testid} (focus is on "${await focused(page)}").`);
}

/** A fresh computer whose window's calls go where its connection service switched them, as in the app. */
interface Desktop {
  machine: FreshMachine;
  /** The native file dialog: `files.willOpen(path)` before the click. */
  files: TestFileDialog;
  open(): Promise<AppWindow>;
}

const test = base.extend<{
  desktop: Desktop;
  certs: { dir: string; a: TestCertificate; b: TestCertificate };
}>({
  // Playwright reads a fixture's dependencies from its first parameter's pattern: none here.
  // eslint-disable-next-line no-empty-pattern
  certs: async ({}, use) => {
    const dir = tempDir('portcullis-e2e-certs-');
    await use({ dir, a: makeCertificate(dir, 'portcullis-test'), b: makeCertificate(dir, 'someone-else') });
    removeDir(dir);
  },
  desktop: async ({ browser }, use) => {
    if (!existsSync(join(rendererDir, 'index.html')))
      throw new Error('out/renderer is missing: run `npm run build:renderer` first.');
    mkdirSync(SCREENS, { recursive: true });
    const machine = startFreshMachine();
    const contexts: BrowserContext[] = [];
    const files = new TestFileDialog();
    machine.desktop.fileDialog.use(files);
    // Composed as electron/main/index.ts does: the saved connection (none yet) behind a
    // SwitchableDispatcher that connection:save / connection:forget switch.
    const o = { isTrustedUrl: (url: string) => url.startsWith(`${APP_ORIGIN}/`), logger: machine.logger };
    const dispatcher = new SwitchableDispatcher(
      chooseDirectory(machine.userDataDir, machine.pipeline, o),
      machine.pipeline,
      o,
    );
    machine.desktop.connection.setActive({ server: dispatcher.server, databaseFile: machine.dbPath });
    machine.desktop.connection.setSwitcher((c) => {
      if (c) dispatcher.connect(c);
      else dispatcher.disconnect();
      return Promise.resolve();
    });
    await use({ machine, files, open: () => openAppWindow(browser, contexts, dispatcher) });
    for (const c of contexts) await c.close();
    dispatcher.close();
    await machine.close();
  },
});

test.describe('first run: connect to a team server', () => {
  let server: TestServer | undefined;
  test.afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  test('Connect to a team server -> the fingerprint in groups of four -> confirm -> connect -> sign in; the header shows the server', async ({
    desktop,
    certs,
  }) => {
    server = await startTestServer({
      tls: { cert: certs.a.cert, key: certs.a.key },
      keychain: new KeyFileKeychain(join(certs.dir, 'server-keys.json')),
    });
    const { page } = await desktop.open();
    await expect(page).toHaveURL(/#\/setup/);
    // Keyboard alone: from the owner form back to the choice, the arrow picks the team server.
    await tabTo(page, 'setup-choice-local', true);
    await page.keyboard.press('ArrowRight');
    await tabTo(page, 'connect-url');
    await page.keyboard.type(server.url);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('connect-fingerprint')).toHaveText(grouped(certs.a.fingerprint));
    await expect(page.getByTestId('connect-server-name')).toContainText('Portcullis team server');
    // Nothing is saved before the person confirms.
    expect(existsSync(join(desktop.machine.userDataDir, CONNECTION_FILE))).toBe(false);
    await expect(page.getByTestId('connect-submit')).toBeDisabled();

    const axe = await new AxeBuilder({ page })
      .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
      .analyze();
    const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(' | ')}`)).toEqual([]);
    await page.screenshot({ path: join(SCREENS, 'connect-10-fingerprint.png'), fullPage: true });

    // Keyboard: Space on the confirmation box, then Enter on Connect.
    await tabTo(page, 'connect-confirm');
    await page.keyboard.press('Space');
    await tabTo(page, 'connect-submit');
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(/#\/sign-in/);
    expect(JSON.parse(readFileSync(join(desktop.machine.userDataDir, CONNECTION_FILE), 'utf8'))).toEqual({
      url: server.url,
      trust: { kind: 'pinned', fingerprint256: certs.a.fingerprint },
    });

    await submitSignIn(page, OWNER);
    const indicator = page.getByTestId('directory-indicator');
    await expect(indicator).toContainText(new URL(server.url).host);
    await indicator.focus();
    await expect(page.getByTestId('directory-details')).toContainText(grouped(certs.a.fingerprint));
    await page.screenshot({ path: join(SCREENS, 'connect-20-header.png'), fullPage: true });
    // The desktop holds no database of its own.
    expect(existsSync(desktop.machine.dbPath)).toBe(false);

    // Back to this computer: the indicator asks first; then the window is on first-run setup again.
    await indicator.click();
    await page.getByRole('button', { name: 'Use this computer', exact: true }).click();
    await expect(page).toHaveURL(/#\/setup/);
    expect(existsSync(join(desktop.machine.userDataDir, CONNECTION_FILE))).toBe(false);
  });

  test('a CA file chosen with the native dialog vouches for the server: Connect without a pin, sign in, the header names the CA file', async ({
    desktop,
    certs,
  }) => {
    const ca = makeCertificate(certs.dir, 'company-ca', { ca: true });
    const leaf = makeCertificate(certs.dir, 'portcullis-ca-signed', { issuer: ca });
    server = await startTestServer({
      tls: { cert: leaf.cert, key: leaf.key },
      keychain: new KeyFileKeychain(join(certs.dir, 'server-keys-ca.json')),
    });
    const { page } = await desktop.open();
    await page.getByTestId('setup-choice-server').click();
    await page.getByTestId('connect-url').fill(server.url);
    await page.getByTestId('connect-use-ca').click();
    desktop.files.willOpen(ca.certFile);
    await page.getByTestId('connect-choose-ca').click();
    await expect(page.getByTestId('connect-ca-file')).toContainText(ca.certFile);
    await page.getByTestId('connect-probe').click();
    await expect(page.getByTestId('connect-ca-verdict')).toContainText(
      'The CA file vouches for this server.',
    );
    await expect(page.getByTestId('connect-fingerprint')).toHaveText(grouped(leaf.fingerprint));
    await page.getByTestId('connect-submit').click();
    await expect(page).toHaveURL(/#\/sign-in/);
    expect(JSON.parse(readFileSync(join(desktop.machine.userDataDir, CONNECTION_FILE), 'utf8'))).toEqual({
      url: server.url,
      trust: { kind: 'ca', caFile: ca.certFile },
    });
    await submitSignIn(page, OWNER);
    await page.getByTestId('directory-indicator').focus();
    await expect(page.getByTestId('directory-details')).toContainText(`CA file ${ca.certFile}`);
  });

  test('a certificate that changes between Check and Connect is refused, naming both fingerprints; nothing is saved', async ({
    desktop,
    certs,
  }) => {
    const fake = await startFakeTeamServer(certs.a);
    try {
      const { page } = await desktop.open();
      await page.getByTestId('setup-choice-server').click();
      await page.getByTestId('connect-url').fill(fake.url);
      await page.getByTestId('connect-probe').click();
      await expect(page.getByTestId('connect-fingerprint')).toHaveText(grouped(certs.a.fingerprint));
      fake.swap(certs.b);
      await page.getByTestId('connect-confirm').click();
      await page.getByTestId('connect-submit').click();
      const error = page.getByTestId('connect-error');
      await expect(error).toContainText(certs.a.fingerprint);
      await expect(error).toContainText(certs.b.fingerprint);
      await expect(page).toHaveURL(/#\/setup/);
      expect(existsSync(join(desktop.machine.userDataDir, CONNECTION_FILE))).toBe(false);
    } finally {
      await fake.close();
    }
  });

  test('an address that is not https beyond this computer is refused in words, before any connection', async ({
    desktop,
  }) => {
    const { page } = await desktop.open();
    await page.getByTestId('setup-choice-server').click();
    await page.getByTestId('connect-url').fill('http://portcullis.example.org:8443');
    await page.getByTestId('connect-probe').click();
    await expect(page.getByTestId('connect-error')).toContainText('https://');
    await expect(page.getByTestId('connect-certificate')).toHaveCount(0);
  });
});
