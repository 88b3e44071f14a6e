import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

const here = (path: string): string => fileURLToPath(new URL(path, import.meta.url));

/** Renderer-only build (used by `npm run build:renderer` for the browser e2e harness); mirrors electron.vite.config.ts. */
export default defineConfig({
  root: here('.'),
  base: './',
  resolve: {
    alias: {
      '@': here('./src'),
      '@shared': here('../shared'),
    },
  },
  plugins: [vue()],
  build: {
    outDir: here('../out/renderer'),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2048,
    rollupOptions: { input: here('./index.html') },
  },
});
