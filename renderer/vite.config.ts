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
    chunkSizeWarningLimit: 4096,
    // One script file: the CSP allows exactly that file by its hash (renderer/strict-csp.ts), and
    // lazily imported chunks could not be pinned the same way. Loaded from local disk, so the
    // larger single file costs little.
    modulePreload: false,
    rollupOptions: {
      input: resolve(root, 'renderer/index.html'),
      output: { inlineDynamicImports: true },
    },
  },
});
