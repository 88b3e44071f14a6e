import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import { strictScriptCsp } from './strict-csp';

const root = resolve(__dirname, '..');

/**
 * The renderer build, shared by electron-vite (electron.vite.config.ts) and the e2e tests,
 * which build only the renderer: `vite build --config renderer/vite.config.ts`.
 * PORTCULLIS_RENDERER_OUT moves the output (parallel test runs must not share a folder).
 */
export default defineConfig({
  root: resolve(root, 'renderer'),
  base: './',
  resolve: {
    alias: {
      '@': resolve(root, 'renderer/src'),
      '@shared': resolve(root, 'shared'),
    },
  },
  define: { __VUE_I18N_LEGACY_API__: false, __INTLIFY_PROD_DEVTOOLS__: false },
  plugins: [vue(), strictScriptCsp()],
  build: {
    outDir: process.env.PORTCULLIS_RENDERER_OUT ?? resolve(root, 'out/renderer'),
    emptyOutDir: true,
    // The first chunk stays under 1 MB; naive-ui and echarts get chunks of their own.
    chunkSizeWarningLimit: 1024,
    // Every script file is pinned by its hash (renderer/strict-csp.ts): the entry by its SRI
    // `integrity`, the chunks by the import map's `integrity` table. Preload links would be
    // fetched without that table's check, so they stay off.
    modulePreload: false,
    rollupOptions: {
      input: resolve(root, 'renderer/index.html'),
      output: {
        manualChunks(id) {
          if (id.includes('/node_modules/echarts/') || id.includes('/node_modules/zrender/'))
            return 'echarts';
          return undefined;
        },
      },
    },
  },
});
