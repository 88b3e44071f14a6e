import { CLI_CLIENT } from '../../electron/main/services/context';
import { test, expect } from './fixtures';
import { MIKE, person } from '../support/people';
import { codeAt, seedOwnerAndMike, submitSignIn } from './stories';

const SUE = person('sue', 'Sue Support', 'support desk password');

test.describe('support disables two-factor authentication for a locked-out user', () => {
  test('with a reason: the user is emailed, signed out everywhere and the audit log names the operator', async ({
    harness,
  }) => {
    await seedOwnerAndMike(harness);
    const { users, twoFactor } = harness.services.container.services;
    await users.create(
      { ...SUE, role: 'support', phone: null, canChangePassword: true, canSendSms: false },
      null,
      CLI_CLIENT,
    );
    // Mike turned on the authenticator app earlier.
    const mikeRow = await harness.services.container.repositories.users.findByLogin(MIKE.username);
    if (!mikeRow) throw new Error('mike is missing');
    const setup = await twoFactor.startTotp(mikeRow);
    const secret = setup.key.replace(/ /g, '');
    await twoFactor.confirm(mikeRow, await codeAt(harness, secret), CLI_CLIENT);

    // Mike is signed in on his computer.
    harness.services.clock.advance(30_000);
    const mike = await harness.openWindow({ ip: '81.2.69.142' });
    await submitSignIn(mike.page, MIKE);
    await mike.page.getByTestId('second-step-code').fill(await codeAt(harness, secret));
    await mike.page.getByTestId('second-step-submit').click();
    await expect(mike.page).toHaveURL(/#\/my-security/);

    // Sue (support) finds him in Users: the 2FA badge shows, and she disables it with a reason.
    const sue = await harness.openWindow();
    await submitSignIn(sue.page, SUE);
    await sue.page.getByTestId('nav-users').click();
    await expect(sue.page.getByTestId('user-2fa-mike')).toContainText('Authenticator app');
    await sue.page.getByTestId('user-actions-mike').click();
    await sue.page.getByText('Disable two-factor authentication', { exact: true }).click();
    const dialog = sue.page.getByTestId('disable-2fa-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByTestId('disable-2fa-confirm')).toBeDisabled();
    const reason = 'Lost phone; identity checked by video call';
    await dialog.getByTestId('disable-2fa-reason').fill(reason);
    await harness.screenshot(sue.page, 'tfa-20-support-disable');
    await dialog.getByTestId('disable-2fa-confirm').click();
    await expect(dialog).toBeHidden();
    await expect(sue.page.getByTestId('user-2fa-mike')).toContainText('Off');

    // Mike's window goes back to sign-in; he is emailed who did it and why.
    await expect(mike.page).toHaveURL(/#\/sign-in/);
    const mail = await harness.mail.waitForMessage({
      to: MIKE.email,
      subjectIncludes: 'turned off by support',
    });
    expect(mail.text).toContain(reason);
    expect(mail.text).toContain('sue');
    const row = harness.services.container.database.sqlite
      .prepare(
        "SELECT actor_name, subject_name, details FROM audit_events WHERE code = 'user.2fa:disabled_by_admin'",
      )
      .get() as { actor_name: string; subject_name: string; details: string };
    expect(row).toMatchObject({ actor_name: 'sue', subject_name: 'mike' });
    expect(JSON.parse(row.details)).toMatchObject({ reason, sessionsEnded: 1 });

    // Mike signs in with just his password now; as a member he may not use the support channel.
    await submitSignIn(mike.page, MIKE);
    await expect(mike.page).toHaveURL(/#\/my-security/);
    const refused = await mike.page.evaluate(
      (userId) =>
        (
          window as unknown as {
            portcullis: { users: { disableTwoFactor(i: unknown): Promise<{ ok: boolean; code?: string }> } };
          }
        ).portcullis.users.disableTwoFactor({ userId, reason: 'I am support now' }),
      mikeRow.id,
    );
    expect(refused).toMatchObject({ ok: false, code: 'permission_denied' });
  });
});
