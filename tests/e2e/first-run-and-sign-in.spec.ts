import { test, expect } from './fixtures';

const OWNER = {
  username: 'olivia',
  name: 'Olivia Owner',
  email: 'olivia@example.com',
  password: 'correct horse battery staple',
};
const MEMBER = {
  username: 'mike',
  name: 'Mike Member',
  email: 'mike@example.com',
  password: 'members only password',
  newPassword: 'mikes own longer passphrase',
};

test.describe('first run, sign-in, lockout, sign-out', () => {
  test('an operator sets up Portcullis, adds a user, and that user is locked out after 5 wrong passwords', async ({
    harness,
  }) => {
    // First launch on an empty database: the setup screen creates the owner.
    const { page } = await harness.openWindow({ ip: '81.2.69.142' });
    await expect(page).toHaveURL(/#\/setup/);
    await harness.screenshot(page, '01-setup');
    await page.getByTestId('setup-username').fill(OWNER.username);
    await page.getByTestId('setup-display-name').fill(OWNER.name);
    await page.getByTestId('setup-email').fill(OWNER.email);
    await page.getByTestId('setup-password').fill(OWNER.password);
    await page.getByTestId('setup-password-confirm').fill(OWNER.password);
    await page.getByTestId('setup-submit').click();
    await expect(page).toHaveURL(/#\/dashboard/);
    await expect(page.getByTestId('user-menu')).toContainText(OWNER.username);
    await harness.screenshot(page, '02-dashboard');

    // The owner adds a member from the Users page.
    await page.getByTestId('nav-users').click();
    await expect(page).toHaveURL(/#\/users/);
    await expect(page.getByTestId('users-table')).toContainText(OWNER.email);
    await page.getByTestId('users-add').click();
    await page.getByTestId('user-form-username').fill(MEMBER.username);
    await page.getByTestId('user-form-display-name').fill(MEMBER.name);
    await page.getByTestId('user-form-email').fill(MEMBER.email);
    await page.getByTestId('user-form-password').fill(MEMBER.password);
    // On by default: the member must replace this initial password at first sign-in.
    await expect(page.getByTestId('user-form-must-change-password')).toHaveClass(/n-switch--active/);
    await harness.screenshot(page, '03-add-user');
    await page.getByTestId('user-form-submit').click();
    await expect(page.getByTestId('users-table')).toContainText(MEMBER.email);
    await page.getByTestId('users-search').fill('mik');
    await expect(page.getByTestId('users-table')).not.toContainText(OWNER.email);
    await expect(page.getByTestId('users-table')).toContainText(MEMBER.email);
    await harness.screenshot(page, '04-users');

    await page.getByTestId('nav-my-security').click();
    await expect(page.getByTestId('sessions-table')).toContainText('Newmarket, United Kingdom');
    await harness.screenshot(page, '05-my-security');
    await page.getByTestId('nav-audit').click();
    await expect(page.getByTestId('audit-table')).toContainText('user:created');
    await harness.screenshot(page, '06-audit');

    // Sign out: back to the sign-in screen.
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(/#\/sign-in/);
    await harness.screenshot(page, '07-sign-in');

    // The member types a wrong password five times: the fifth locks the account.
    for (let attempt = 1; attempt <= 5; attempt++) {
      await page.getByTestId('signin-login').fill(MEMBER.username);
      await page.getByTestId('signin-password').fill(`wrong password ${attempt}`);
      await page.getByTestId('signin-submit').click();
      if (attempt < 5) await expect(page.getByTestId('signin-error')).toContainText(/not correct/i);
    }
    await expect(page.getByTestId('signin-error')).toContainText(/locked/i);
    await expect(page.getByTestId('signin-error')).toContainText('15');
    await harness.screenshot(page, '08-locked');
    // The right password does not help while locked.
    await page.getByTestId('signin-password').fill(MEMBER.password);
    await page.getByTestId('signin-submit').click();
    await expect(page.getByTestId('signin-error')).toContainText(/locked/i);
    await expect(page).toHaveURL(/#\/sign-in/);

    // After the lockout passes (clock moved), the member signs in and lands on My security,
    // where only the password form is offered until they replace the admin's password.
    harness.services.clock.advance(16 * 60_000);
    await page.getByTestId('signin-submit').click();
    await expect(page).toHaveURL(/#\/my-security/);
    await expect(page.getByTestId('nav-users')).toHaveCount(0);
    await expect(page.getByTestId('password-change-required')).toBeVisible();
    await expect(page.getByTestId('sessions-table')).toHaveCount(0);
    await harness.screenshot(page, '09-must-change-password');
    await page.getByTestId('password-current').fill(MEMBER.password);
    await page.getByTestId('password-new').fill(MEMBER.newPassword);
    await page.getByTestId('password-confirm').fill(MEMBER.newPassword);
    await page.getByTestId('password-submit').click();
    await expect(page.getByTestId('password-change-required')).toHaveCount(0);
    await expect(page.getByTestId('sessions-table')).toBeVisible();
    await page.getByTestId('user-menu').click();
    await page.getByTestId('sign-out').click();
    await expect(page).toHaveURL(/#\/sign-in/);

    const codes = harness.auditCodes();
    expect(codes.slice(0, 3)).toEqual(['setup:owner_created', 'user:logged_in', 'user:created']);
    expect(codes.filter((c) => c === 'user:login_failed')).toHaveLength(6);
    expect(codes).toContain('user:locked');
    expect(codes.filter((c) => c === 'user:logged_out')).toHaveLength(2);
    expect(codes.filter((c) => c === 'user:logged_in')).toHaveLength(2);
    expect(codes).toContain('user.password:changed');
    expect(await harness.services.container.repositories.audit.verifyChain()).toMatchObject({
      brokenAt: null,
    });
  });

  test('an unknown username gets the same answer as a wrong password', async ({ harness }) => {
    await harness.services.container.services.auth.createOwnerAccount(
      { username: OWNER.username, displayName: OWNER.name, email: OWNER.email, password: OWNER.password },
      { ip: '127.0.0.1', userAgent: 'test' },
    );
    const { page } = await harness.openWindow();
    await expect(page).toHaveURL(/#\/sign-in/);
    await page.getByTestId('signin-login').fill('no-such-user');
    await page.getByTestId('signin-password').fill('whatever it is');
    await page.getByTestId('signin-submit').click();
    const unknownText = await page.getByTestId('signin-error').innerText();
    await page.getByTestId('signin-login').fill(OWNER.username);
    await page.getByTestId('signin-password').fill('not the password');
    await page.getByTestId('signin-submit').click();
    await expect(page.getByTestId('signin-error')).toHaveText(unknownText);
    // Setup is closed once an owner exists.
    await page.goto(`${page.url().split('#')[0] ?? ''}#/setup`);
    await expect(page).toHaveURL(/#\/sign-in/);
  });
});
