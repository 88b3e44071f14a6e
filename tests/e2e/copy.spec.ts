import { test, expect } from './fixtures';
import { MIKE } from '../support/people';
import { seedOwnerAndMike, signedIn } from './stories';

// Issue 17 item 5: the desktop window denies every permission, so Copy must not rely on
// navigator.clipboard. Here the page's navigator.clipboard always fails, and Copy still works:
// the text reaches the system clipboard through main (clipboard:writeText).
test.describe('copy through main', () => {
  test('the API token secret is copied with navigator.clipboard denied', async ({ harness }) => {
    await seedOwnerAndMike(harness);
    const page = await signedIn(harness, MIKE, '81.2.69.142');
    await page.evaluate(() => {
      Object.defineProperty(navigator, 'clipboard', {
        configurable: true,
        value: {
          writeText: () => Promise.reject(new DOMException('Write permission denied.', 'NotAllowedError')),
        },
      });
    });
    await page.getByTestId('token-add').click();
    await page.getByTestId('token-name').fill('Copied');
    await page.getByTestId('token-create').click();
    const secret = (await page.getByTestId('token-secret').innerText()).trim();
    expect(harness.services.container.clipboard.text).toBe('');
    await page.getByTestId('token-copy').click();
    await expect(page.getByText('Copied to the clipboard.')).toBeVisible();
    expect(harness.services.container.clipboard.text).toBe(secret);
  });
});
