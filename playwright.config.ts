import { defineConfig } from '@playwright/test';

/**
 * E2E runs the built renderer (out/renderer) in Debian's Chromium with the real main-process
 * services in the test's Node process (see tests/e2e/fixtures.ts). Never `playwright install`.
 */
export default defineConfig({
  testDir: 'tests/e2e',
  // Clears the previous run's kept databases (tests/e2e/secrets.ts) before the suite starts.
  globalSetup: './tests/e2e/global-setup.ts',
  outputDir: `${process.env.PORTCULLIS_TEST_RESULTS ?? 'test-results'}/e2e`,
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [
    ['list'],
    [
      'html',
      {
        open: 'never',
        outputFolder: process.env.PORTCULLIS_TEST_RESULTS
          ? `${process.env.PORTCULLIS_TEST_RESULTS}/report`
          : 'playwright-report',
      },
    ],
  ],
  use: {
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    viewport: { width: 1366, height: 860 },
    // The console follows the OS language when a person has not chosen one: pin English for the specs.
    locale: 'en-US',
  },
  projects: [
    {
      name: 'chromium',
      testIgnore: [/electron\.smoke\.spec\.ts/, /secrets-at-rest\.spec\.ts/],
      use: {
        browserName: 'chromium',
        launchOptions: {
          executablePath: process.env.PORTCULLIS_CHROMIUM ?? '/usr/bin/chromium',
          args: [
            '--no-sandbox',
            '--disable-gpu',
            '--disable-quic',
            '--no-first-run',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
          ],
        },
      },
    },
    { name: 'electron', testMatch: /electron\.smoke\.spec\.ts/ },
    // After every browser test: scans what they all left on disk for the secrets they used.
    { name: 'at-rest', testMatch: /secrets-at-rest\.spec\.ts/, dependencies: ['chromium'] },
  ],
});
