import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';

export default defineConfig({
  test: {
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'node',
          include: ['electron/**/*.test.ts', 'shared/**/*.test.ts', 'cli/**/*.test.ts', 'tests/*.test.ts'],
          environment: 'node',
          testTimeout: 30_000,
          hookTimeout: 30_000,
          // Native modules (better-sqlite3, argon2, keytar) are happiest in forked processes.
          pool: 'forks',
        },
      },
      {
        // Renderer stores and composables: a DOM (happy-dom) and the renderer's aliases
        // (renderer/vite.config.ts); no native modules, so the default pool.
        plugins: [vue()],
        resolve: {
          alias: {
            '@': resolve(__dirname, 'renderer/src'),
            '@shared': resolve(__dirname, 'shared'),
          },
        },
        define: { __VUE_I18N_LEGACY_API__: false, __INTLIFY_PROD_DEVTOOLS__: false },
        test: {
          name: 'renderer',
          include: ['renderer/src/**/*.test.ts'],
          environment: 'happy-dom',
          testTimeout: 30_000,
        },
      },
    ],
  },
});
