import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import rendererConfig from './renderer/vite.config';

// Custom roots (electron/, renderer/, shared/) instead of electron-vite's src/ default.
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'electron/main/index.ts'),
          // The offline review's worker thread (services/review/review-worker.ts looks for it beside index.js).
          'review-worker': resolve(__dirname, 'electron/main/services/review/review.worker.ts'),
        },
      },
    },
  },
  preload: {
    // Sandboxed preloads cannot require npm modules: bundle everything (contract, zod) in.
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: rendererConfig,
});
