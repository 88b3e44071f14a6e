import { expect, test } from './fixtures';

test('the built page runs only its own hashed script: injected inline or same-origin scripts are refused', async ({
  harness,
}) => {
  const { page } = await harness.openWindow();
  await expect(page.getByTestId('setup-username')).toBeVisible();
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  // script-src is only sha384 hashes (entry, import map, on-demand chunks): not 'self', not
  // 'unsafe-inline'/'unsafe-eval'.
  expect(csp).toMatch(/(^|; )script-src( 'sha384-[A-Za-z0-9+/]{64}')+(;|$)/);
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("object-src 'none'");
  expect(csp).toContain("base-uri 'none'");
  const entry = page.locator('script[type="module"][integrity]');
  await expect(entry).toHaveCount(1);
  expect(csp).toContain(await entry.getAttribute('integrity'));

  const refused = await page.evaluate(async () => {
    const violations: string[] = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.blockedURI));
    const w = window as unknown as { injected?: number };
    const inline = document.createElement('script');
    inline.textContent = 'window.injected = 1';
    document.head.append(inline);
    // The app's own entry file under a new URL (so it is fetched, not taken from the module map),
    // without the integrity the policy asks for: 'self' alone is not enough.
    const again = document.createElement('script');
    again.type = 'module';
    again.src = `${document.querySelector<HTMLScriptElement>('script[integrity]')?.src ?? ''}?again`;
    const loaded = new Promise<string>((resolve) => {
      again.onload = () => {
        resolve('loaded');
      };
      again.onerror = () => {
        resolve('refused');
      };
    });
    document.head.append(again);
    const sameOrigin = await loaded;
    // An on-demand chunk is allowed only under the URL the import map pins with its hash.
    const chunk = Object.keys(
      (
        JSON.parse(document.querySelector('script[type="importmap"]')?.textContent ?? '{}') as {
          integrity?: Record<string, string>;
        }
      ).integrity ?? {},
    ).find((url) => !url.includes('index-'));
    const chunkAgain = await import(/* @vite-ignore */ `${chunk ?? './assets/none.js'}?again`).then(
      () => 'loaded',
      () => 'refused',
    );
    return { inline: w.injected ?? 'refused', sameOrigin, chunkAgain, violations: violations.length };
  });
  expect(refused).toEqual({ inline: 'refused', sameOrigin: 'refused', chunkAgain: 'refused', violations: 3 });
});
