import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test, expect } from './fixtures';
import { CLI_CLIENT } from '../../electron/main/services/context';
import { OWNER } from '../support/people';
import { submitSignIn } from './stories';

interface KeyFile {
  organisation: string;
  fingerprint: string;
  history: { fingerprint: string }[];
}

const readKeyFile = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
const ungroup = (text: string | null) => (text ?? '').replace(/\s/g, '');

test.describe('the owner manages the directory signing key', () => {
  test('names the organisation, saves the public key for auditors, rotates the key and marks the old one compromised', async ({
    harness,
  }) => {
    test.setTimeout(120_000);
    await harness.services.container.services.auth.createOwnerAccount(OWNER, CLI_CLIENT);
    const { page } = await harness.openWindow();
    await submitSignIn(page, OWNER);
    await expect(page).not.toHaveURL(/#\/sign-in/);
    await page.getByTestId('nav-audit').click();
    const card = page.getByTestId('audit-signing-key');
    await expect(card.getByTestId('signing-key-none')).toBeVisible();

    // The first "Save public key…" makes the directory's key and writes the file auditors import.
    const first = join(harness.services.dir, 'signer-1.json');
    harness.files.willSaveTo(first);
    await card.getByTestId('signing-key-save-public').click();
    await expect(page.getByText(`Public key file saved to ${first}.`)).toBeVisible();
    const fingerprint = card.getByTestId('audit-signing-fingerprint');
    await expect(fingerprint).toHaveText(/^([0-9a-f]{4} ){15}[0-9a-f]{4}$/);
    const oldFp = ungroup(await fingerprint.textContent());
    expect(readKeyFile(first)).toMatchObject({ organisation: '', fingerprint: oldFp });
    await expect(card.getByTestId('signing-key-organisation')).toHaveText('Unnamed organisation');
    await expect(card.getByTestId('signing-key-directory')).not.toBeEmpty();

    // Rename, by keyboard: the input is labelled and Enter saves.
    await card.getByTestId('signing-key-organisation-edit').click();
    const name = page.getByLabel('Organisation', { exact: true });
    await expect(name).toBeFocused();
    await name.fill('Acme\u202E Ltd');
    await name.press('Enter');
    await expect(card.getByTestId('signing-key-organisation-error')).toContainText('text-direction');
    await name.fill('  Acme Ltd  ');
    await name.press('Enter');
    await expect(card.getByTestId('signing-key-organisation')).toHaveText('Acme Ltd');
    await harness.screenshot(page, 'signing-key-01-named');

    // Rotate: the dialog says what happens and wants the fingerprint's last 8 characters.
    await card.getByTestId('signing-key-rotate').click();
    const rotate = page.getByTestId('signing-key-rotate-dialog');
    await expect(rotate).toContainText('Exports made from now on are signed by a new key.');
    await expect(rotate).toContainText(
      'auditors who trust the current key will accept files signed by the new key',
    );
    const confirm = page.getByLabel('Type the last 8 characters of the fingerprint to confirm');
    await confirm.fill('00000000');
    await confirm.press('Enter');
    await expect(rotate.getByTestId('signing-key-rotate-error')).toContainText('does not match');
    await expect(fingerprint).toHaveText(new RegExp(oldFp.slice(-4)));
    await confirm.fill(oldFp.slice(-8).toUpperCase());
    await harness.screenshot(page, 'signing-key-02-rotate-dialog');
    await confirm.press('Enter');
    await expect(rotate).toBeHidden();
    await expect(fingerprint).not.toHaveText(new RegExp(`${oldFp.slice(-4)}$`));
    const newFp = ungroup(await fingerprint.textContent());
    expect(newFp).toMatch(/^[0-9a-f]{64}$/);
    const history = card.getByTestId('signing-key-history');
    await expect(history.locator('tbody tr')).toHaveCount(2);
    await expect(history.locator('tbody tr').first()).toContainText('Signing now');
    await expect(history.locator('tbody tr').nth(1)).toContainText('Retired');

    // Mark the old key compromised: pick it, type its tail.
    await card.getByTestId('signing-key-revoke').click();
    const revoke = page.getByTestId('signing-key-revoke-dialog');
    await expect(revoke).toContainText('Files this key signs after now are refused');
    await revoke.getByTestId('signing-key-revoke-which').click();
    await page.locator('.n-base-select-option').filter({ hasNotText: 'Signing now' }).click();
    await expect(revoke.getByTestId('signing-key-revoke-target')).toHaveText(
      oldFp.replace(/(.{4})(?!$)/g, '$1 '),
    );
    await revoke.getByLabel('Type the last 8 characters of the fingerprint to confirm').fill(oldFp.slice(-8));
    await revoke.getByTestId('signing-key-revoke-confirm-button').click();
    await expect(revoke).toBeHidden();
    await expect(history.locator('tbody tr').nth(1)).toContainText('Compromised since');
    await expect(fingerprint).toHaveText(newFp.replace(/(.{4})(?!$)/g, '$1 '));
    await harness.screenshot(page, 'signing-key-03-history');

    // The file saved now carries the new key, the organisation and the revocation.
    const second = join(harness.services.dir, 'signer-2.json');
    harness.files.willSaveTo(second);
    await card.getByTestId('signing-key-save-public').click();
    await expect(page.getByText(`Public key file saved to ${second}.`)).toBeVisible();
    const file = readKeyFile(second);
    expect(file).toMatchObject({ organisation: 'Acme Ltd', fingerprint: newFp });
    expect(file.history.map((k) => k.fingerprint)).toEqual([oldFp, newFp]);
    const codes = harness.auditCodes();
    for (const code of [
      'audit:signing_key_saved',
      'settings:changed',
      'audit:signing_key_rotated',
      'audit:signing_key_revoked',
    ])
      expect(codes).toContain(code);
  });

  test('an auditor sees the key and may save the public key file, but cannot rename, rotate or revoke', async ({
    harness,
  }) => {
    const { auth, users, signingKeys } = harness.services.container.services;
    await auth.createOwnerAccount(OWNER, CLI_CLIENT);
    const auditor = {
      username: 'audrey',
      displayName: 'Audrey Auditor',
      email: 'audrey@example.com',
      password: 'auditors read everything 7',
    };
    await users.create(
      { ...auditor, role: 'auditor', phone: null, canChangePassword: true, canSendSms: false },
      null,
      CLI_CLIENT,
    );
    const key = await signingKeys.current();
    const { page } = await harness.openWindow();
    await submitSignIn(page, auditor);
    await expect(page).not.toHaveURL(/#\/sign-in/);
    await page.getByTestId('nav-audit').click();
    const card = page.getByTestId('audit-signing-key');
    await expect(card.getByTestId('audit-signing-fingerprint')).toHaveText(
      key.fingerprint.replace(/(.{4})(?!$)/g, '$1 '),
    );
    await expect(card.getByTestId('signing-key-history').locator('tbody tr')).toHaveCount(1);
    for (const id of ['signing-key-organisation-edit', 'signing-key-rotate', 'signing-key-revoke'])
      await expect(card.getByTestId(id)).toHaveCount(0);
    const out = join(harness.services.dir, 'from-auditor.json');
    harness.files.willSaveTo(out);
    await card.getByTestId('signing-key-save-public').click();
    await expect(page.getByText(`Public key file saved to ${out}.`)).toBeVisible();
    expect(readKeyFile(out).fingerprint).toBe(key.fingerprint);
  });
});
