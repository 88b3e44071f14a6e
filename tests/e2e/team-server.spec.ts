import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONNECTION_FILE } from '../../electron/main/remote/connection';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { totpCode } from '../../electron/main/security/totp';
import { verifyExportFile } from '../../electron/main/services/audit/verify';
import { MIKE, OWNER, person } from '../support/people';
import { submitSignIn } from './stories';
import { test, expect } from './team-server-fixtures';

const SUE = person('sue', 'Sue Support', 'support desk password');

test.describe('two desktops connected to one team server', () => {
  test("support on one desktop turns off a user's 2FA; his window on the other desktop is told at once and lands on sign-in", async ({
    team,
  }) => {
    const { services, repositories } = team.server.server.container;
    await services.users.create(
      { ...SUE, role: 'support', phone: null, canChangePassword: true, canSendSms: false },
      null,
      CLI_CLIENT,
    );
    await services.users.create(
      { ...MIKE, role: 'member', phone: null, canChangePassword: true, canSendSms: false },
      null,
      CLI_CLIENT,
    );
    // Mike turned on the authenticator app earlier (on the server's directory).
    const mikeRow = await repositories.users.findByLogin(MIKE.username);
    if (!mikeRow) throw new Error('mike is missing');
    const setup = await services.twoFactor.startTotp(mikeRow);
    const secret = setup.key.replace(/ /g, '');
    const code = () => totpCode(secret, team.clock.now().getTime());
    await services.twoFactor.confirm(mikeRow, await code(), CLI_CLIENT);
    team.clock.advance(30_000);

    // Mike's desktop: a fresh computer with the team server saved as its directory.
    const mikesDesktop = team.desktop();
    const mike = await mikesDesktop.openWindow();
    await submitSignIn(mike.page, MIKE);
    await mike.page.getByTestId('second-step-code').fill(await code());
    await mike.page.getByTestId('second-step-submit').click();
    await expect(mike.page).toHaveURL(/#\/my-security/);
    // A mark on this page load: it is gone if anything reloads the window.
    await mike.page.evaluate(() => {
      (window as unknown as { __sameLoad: boolean }).__sameLoad = true;
    });

    // Sue's desktop: another computer connected to the same server.
    const suesDesktop = team.desktop();
    const sue = await suesDesktop.openWindow();
    await submitSignIn(sue.page, SUE);
    await sue.page.getByTestId('nav-users').click();
    await expect(sue.page.getByTestId('user-2fa-mike')).toContainText('Authenticator app');
    await sue.page.getByTestId('user-actions-mike').click();
    await sue.page.getByText('Disable two-factor authentication', { exact: true }).click();
    const dialog = sue.page.getByTestId('disable-2fa-dialog');
    await dialog.getByTestId('disable-2fa-reason').fill('Lost phone; identity checked by video call');
    expect(mike.pushes).toEqual([]);
    await dialog.getByTestId('disable-2fa-confirm').click();
    await expect(dialog).toBeHidden();
    await expect(sue.page.getByTestId('user-2fa-mike')).toContainText('Off');

    // Mike's window, untouched, is sent to sign-in by the server's event stream (no reload, no call of his).
    await expect(mike.page).toHaveURL(/#\/sign-in\?reason=revoked/);
    await expect(mike.page.getByTestId('signin-notice')).toBeVisible();
    expect(mike.pushes).toEqual([{ event: 'session:ended', payload: { reason: 'revoked' } }]);
    expect(await mike.page.evaluate(() => (window as unknown as { __sameLoad?: boolean }).__sameLoad)).toBe(
      true,
    );
    // Sue's own session is not touched.
    expect(sue.pushes).toEqual([]);
    await team.screenshot(mike.page, 'team-server-10-member-signed-out');

    // The server recorded who did it; Mike signs in again with his password alone.
    const row = team.server.server.container.database.sqlite
      .prepare("SELECT actor_name, subject_name FROM audit_events WHERE code = 'user.2fa:disabled_by_admin'")
      .get();
    expect(row).toEqual({ actor_name: 'sue', subject_name: 'mike' });
    await submitSignIn(mike.page, MIKE);
    await expect(mike.page).toHaveURL(/#\/my-security/);

    // The session tokens never reached the renderer: not over the bridge, not in the page's storage.
    for (const w of [mike, sue]) {
      expect(w.bridgeTraffic.length).toBeGreaterThan(3);
      expect(w.bridgeTraffic.join('\n')).not.toMatch(/pcs_|portcullis-session-token|portcullis-challenge/);
      const stored = await w.page.evaluate(() =>
        [localStorage, sessionStorage]
          .flatMap((st) => Object.keys(st).map((k) => `${k}=${st.getItem(k) ?? ''}`))
          .join('\n'),
      );
      expect(stored).not.toMatch(/pcs_/);
    }
    // Neither desktop opened a database of its own or put anything in the keychain: each holds
    // the server's address and pinned certificate fingerprint, nothing else.
    expect(team.server.url).toMatch(/^https:\/\/127\.0\.0\.1:/);
    for (const d of [mikesDesktop, suesDesktop]) {
      expect(readdirSync(d.machine.userDataDir)).toEqual([CONNECTION_FILE]);
      expect(existsSync(d.machine.dbPath)).toBe(false);
      expect(await d.machine.keychainAccounts()).toEqual([]);
    }
  });

  test("the owner on a connected desktop saves the server's signed export and public key file on her own computer", async ({
    team,
  }) => {
    const desk = team.desktop();
    const w = await desk.openWindow();
    const { page } = w;
    await submitSignIn(page, OWNER);
    await expect(page).not.toHaveURL(/#\/sign-in/);
    await page.getByTestId('nav-audit').click();
    const here = desk.machine.dir;
    const apiCalls = () => team.server.accessLog.lines.map((l) => decodeURIComponent(String(l.fields?.path)));

    // A cancelled save dialog: nothing is asked of the server, nothing is shown.
    const before = apiCalls().filter((p) => p === '/api/audit:export').length;
    desk.files.willSaveTo(null);
    await page.getByTestId('audit-export-jsonl').click();
    // (Once main has answered the click: null, the dialog was cancelled.)
    await expect
      .poll(() =>
        w.bridgeTraffic
          .map((t) => JSON.parse(t) as { channel?: string; result?: unknown })
          .filter((t) => t.channel === 'audit:export')
          .map((t) => t.result),
      )
      .toEqual([{ ok: true, value: null }]);
    await expect(page.getByTestId('audit-export-status')).toBeHidden();
    expect(apiCalls().filter((p) => p === '/api/audit:export').length).toBe(before);

    // The export runs on the server and lands, whole, where this computer's dialog said.
    const out = join(here, 'team-audit.jsonl');
    desk.files.willSaveTo(out);
    await page.getByTestId('audit-export-jsonl').click();
    await expect(page.getByTestId('audit-export-done')).toContainText(out, { timeout: 30_000 });
    expect(readdirSync(here).filter((f) => f.includes('team-audit'))).toEqual(['team-audit.jsonl']);
    const signingKeys = team.server.server.container.services.signingKeys;
    const verdict = await verifyExportFile(out, { key: (await signingKeys.describe())?.fingerprint });
    expect(verdict).toMatchObject({ status: 'intact', trust: 'trusted', exportedBy: OWNER.username });
    await team.screenshot(page, 'team-server-20-export-saved-on-desktop');

    // The public key file: the server's content, written through this computer's dialog.
    const keyFile = join(here, 'team-signer.json');
    desk.files.willSaveTo(keyFile);
    await page.getByTestId('audit-signing-key').getByTestId('signing-key-save-public').click();
    await expect(page.getByText(`Public key file saved to ${keyFile}.`)).toBeVisible();
    expect(readFileSync(keyFile, 'utf8')).toBe(
      `${JSON.stringify(await signingKeys.publicKeyFile(), null, 2)}\n`,
    );
    expect(readdirSync(desk.machine.userDataDir)).toEqual([CONNECTION_FILE]);
  });
});
