import { test, expect } from './fixtures';

/**
 * ASVS 6.2.6 and 6.2.7: password fields are masked (with a way to show the text), and paste and
 * password managers are not blocked (no paste handler cancels the event, no autocomplete="off").
 */
test('password fields are masked, can be shown, and accept paste and password managers', async ({
  harness,
}) => {
  const { page } = await harness.openWindow();
  await expect(page).toHaveURL(/#\/setup/);
  const fields = page.locator('input[data-testid^="setup-password"]');
  await expect(fields).toHaveCount(2);
  for (const field of await fields.all()) {
    await expect(field).toHaveAttribute('type', 'password');
    await expect(field).toHaveAttribute('autocomplete', 'new-password');
    // A paste event reaches the field uncancelled, and the pasted text is kept.
    const prevented = await field.evaluate((el) => {
      const data = new DataTransfer();
      data.setData('text/plain', 'pasted from a manager');
      const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });
      el.dispatchEvent(event);
      return event.defaultPrevented;
    });
    expect(prevented).toBe(false);
    await field.fill('pasted from a manager');
    await expect(field).toHaveValue('pasted from a manager');
  }
  // The eye icon shows the typed text, and hides it again.
  const first = fields.first();
  const eye = page.locator('.n-input', { has: page.getByTestId('setup-password') }).locator('.n-input__eye');
  await eye.click();
  await expect(first).toHaveAttribute('type', 'text');
  await eye.click();
  await expect(first).toHaveAttribute('type', 'password');
});
