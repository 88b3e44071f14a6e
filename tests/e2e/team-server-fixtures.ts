import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { test as base, expect, type BrowserContext, type Page } from '@playwright/test';
import { ManualClock } from '../../electron/main/adapters/clock';
import type { Caller } from '../../electron/main/ipc/pipeline';
import {
  chooseDirectory,
  saveConnection,
  type CallDispatcher,
  SwitchableDispatcher,
} from '../../electron/main/remote';
import type { PushEventName } from '../../shared/ipc/events';
import { startFreshMachine, type FreshMachine } from '../support/fresh-machine';
import { selfSigned } from '../support/self-signed';
import { APP_ORIGIN, removeDir, tempDir } from '../support/services';
import { startTestServer, type TestServer } from '../support/team-server';
import { TestFileDialog } from './file-dialog';
import { openAppWindow, rendererDir, SCREENS, type AppWindow } from './fixtures';

/** A push event as it reached one window (main called the window's push). */
export interface ReceivedPush {
  event: PushEventName;
  payload: unknown;
}

/** One app window of a connected desktop, and the push events main sent it. */
export interface TeamWindow extends AppWindow {
  pushes: ReceivedPush[];
  /** Everything that crossed this window's bridge (payloads, answers, pushes) as JSON text. */
  bridgeTraffic: string[];
}

/**
 * A desktop connected to the team server, composed as electron/main/index.ts does: a fresh
 * computer's desktop pipeline, the saved connection (the server's pinned certificate) in its
 * user-data folder, and chooseDirectory() putting a RemoteDirectory in front, in the
 * SwitchableDispatcher the IPC registration holds.
 */
export interface ConnectedDesktop {
  machine: FreshMachine;
  relay: SwitchableDispatcher;
  /** This computer's save dialog (exports and the public key file from the server land here). */
  files: TestFileDialog;
  /** Opens a window of this desktop (own browser context) whose bridge goes through `relay`. */
  openWindow(o?: { hash?: string }): Promise<TeamWindow>;
}

/** A team server on loopback (TLS, SQLite file, manual clock, owner created) and desktops connected to it. */
export interface TeamHarness {
  server: TestServer;
  /** The server's clock (authenticator codes are computed at its time). */
  clock: ManualClock;
  /** Starts one more desktop connected to the server (saved connection -> chooseDirectory). */
  desktop(): ConnectedDesktop;
  screenshot(page: Page, name: string): Promise<void>;
}

/** Records every push main sends to windows of this dispatcher, per window, before passing it on. */
function recordingPushes(inner: CallDispatcher, pushes: ReceivedPush[]): CallDispatcher {
  return {
    dispatch: (caller: Caller, channel, payload) =>
      inner.dispatch(
        {
          ...caller,
          push: (event, data) => {
            pushes.push({ event, payload: data });
            caller.push(event, data);
          },
        },
        channel,
        payload,
      ),
    forget: (key) => {
      inner.forget(key);
    },
  };
}

/**
 * `team`: a real team server (startServer on 127.0.0.1) and desktops whose windows run the built
 * renderer in Debian Chromium, each relaying directory channels through the RemoteDirectory the
 * Electron main process uses, with the server's event stream as the windows' push events.
 */
export const test = base.extend<{ team: TeamHarness }>({
  team: async ({ browser }, use) => {
    if (!existsSync(join(rendererDir, 'index.html')))
      throw new Error('out/renderer is missing: run `npm run build:renderer` (npm run test:e2e does) first.');
    const clock = new ManualClock('2026-03-02T09:00:00Z');
    const certDir = tempDir('portcullis-e2e-tls-');
    const pem = selfSigned(certDir, 'portcullis-e2e');
    const server = await startTestServer({ clock, tls: { cert: pem.cert, key: pem.key } });
    const contexts: BrowserContext[] = [];
    const desktops: ConnectedDesktop[] = [];
    mkdirSync(SCREENS, { recursive: true });
    const desktop = (): ConnectedDesktop => {
      const machine = startFreshMachine();
      saveConnection(machine.userDataDir, {
        url: server.url,
        trust: { kind: 'pinned', fingerprint256: pem.fingerprint },
      });
      const files = new TestFileDialog();
      machine.desktop.fileDialog.use(files);
      const o = {
        isTrustedUrl: (url: string) => url.startsWith(`${APP_ORIGIN}/`),
        logger: machine.logger,
        fileDialog: machine.desktop.fileDialog,
      };
      const relay = new SwitchableDispatcher(
        chooseDirectory(machine.userDataDir, machine.pipeline, o),
        machine.pipeline,
        o,
      );
      const d: ConnectedDesktop = {
        machine,
        relay,
        files,
        openWindow: async (o = {}) => {
          const pushes: ReceivedPush[] = [];
          const bridgeTraffic: string[] = [];
          const w = await openAppWindow(browser, contexts, recordingPushes(relay, pushes), {
            ...o,
            onCall: (channel, payload, result) => {
              bridgeTraffic.push(JSON.stringify({ channel, payload, result }));
            },
          });
          return {
            ...w,
            pushes,
            get bridgeTraffic() {
              return [...bridgeTraffic, ...pushes.map((p) => JSON.stringify(p))];
            },
          };
        },
      };
      desktops.push(d);
      return d;
    };
    await use({
      server,
      clock,
      desktop,
      screenshot: async (page, name) => {
        await page.screenshot({ path: join(SCREENS, `${name}.png`), fullPage: true });
      },
    });
    for (const c of contexts) await c.close();
    for (const d of desktops) {
      d.relay.close();
      await d.machine.close();
    }
    await server.close();
    removeDir(certDir);
  },
});

export { expect };
