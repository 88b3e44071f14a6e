// Lint enforces the layers (docs/architecture.md habit 1) as well as type-checked rules (habit 12).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import prettier from 'eslint-config-prettier';
import globals from 'globals';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';
import { builtinModules } from 'node:module';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];

/** no-restricted-imports patterns shared by several layers. */
const noElectron = {
  name: 'electron',
  message:
    'Only the Electron shell (app/, windows/, ipc/register.ts, index.ts, preload) may import electron.',
};
const noIpcMain = {
  name: 'electron',
  importNames: ['ipcMain'],
  message: 'ipcMain is used only in electron/main/ipc/register.ts.',
};
const noRendererBridge = {
  name: 'electron',
  importNames: ['ipcRenderer', 'contextBridge'],
  message: 'ipcRenderer and contextBridge are used only in electron/preload/.',
};

/** The inner layers of electron/main: each zone forbids `target` importing `from`. */
const main = 'electron/main';
const shell = [
  `${main}/ipc`,
  `${main}/windows`,
  `${main}/app`,
  `${main}/index.ts`,
  `${main}/container.ts`,
  `${main}/directory.ts`,
];
const layerZones = [
  {
    target: `${main}/db`,
    from: [`${main}/services`, ...shell],
    message: 'db/ is the bottom of the main process: it never imports services, ipc, windows or app.',
  },
  {
    target: `${main}/services`,
    from: shell,
    message: 'Services never import the transport (ipc), windows, app or the composition root.',
  },
  {
    target: `${main}/adapters`,
    from: [`${main}/services`, ...shell],
    message: 'Adapters implement ports; they never import services (pass what they need).',
  },
  {
    target: `${main}/security`,
    from: [`${main}/db`, `${main}/services`, ...shell],
    message: 'security/ never imports db or services: pass a port or a function instead.',
  },
];

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'dist/**',
      'node_modules/**',
      'test-results/**',
      'playwright-report/**',
      'resources/**',
      '.tmp/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  ...tseslint.configs.stylisticTypeChecked,
  ...vue.configs['flat/recommended'],
  {
    languageOptions: {
      parserOptions: {
        parser: tseslint.parser,
        project: ['./tsconfig.node.json', './tsconfig.web.json', './tsconfig.e2e.json'],
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.vue'],
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-extraneous-class': 'off',
      '@typescript-eslint/no-unnecessary-type-parameters': 'off',
      'no-console': 'error',
    },
  },
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
    rules: { 'vue/multi-word-component-names': 'off' },
  },
  {
    files: ['**/*.{js,mjs,cjs}'],
    ...tseslint.configs.disableTypeChecked,
    languageOptions: {
      ...tseslint.configs.disableTypeChecked.languageOptions,
      globals: globals.node,
    },
  },
  // --- layers -------------------------------------------------------------------------
  {
    files: ['shared/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            ...nodeBuiltins.map((name) => ({
              name,
              message: 'shared/ is pure TypeScript: no node: modules.',
            })),
          ],
          patterns: [
            {
              group: ['**/electron/**', '**/renderer/**', 'vue', 'pinia', 'naive-ui'],
              message: 'shared/ imports nothing platform-specific.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        'window',
        'document',
        'navigator',
        'localStorage',
        'process',
        'Buffer',
      ],
    },
  },
  {
    files: ['renderer/src/**/*.{ts,vue}'],
    languageOptions: { globals: globals.browser },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            noElectron,
            ...nodeBuiltins.map((name) => ({ name, message: 'The renderer has no Node access.' })),
          ],
          patterns: [{ group: ['**/electron/**', '**/cli/**'], message: 'renderer/ imports only shared/.' }],
        },
      ],
    },
  },
  {
    files: ['electron/main/**/*.ts'],
    ignores: ['electron/main/ipc/register.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noIpcMain, noRendererBridge] }] },
  },
  {
    files: ['electron/main/ipc/register.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noRendererBridge] }] },
  },
  {
    // Plain Node layers: never electron (they run in the CLI, the tests and the e2e harness).
    files: [
      'electron/main/services/**',
      'electron/main/db/**',
      'electron/main/adapters/**',
      'electron/main/security/**',
      'electron/main/ipc/*.ipc.ts',
      'electron/main/ipc/pipeline.ts',
      'electron/main/container.ts',
      'electron/main/directory.ts',
      'cli/**',
    ],
    rules: { 'no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [noIpcMain] }] },
  },
  {
    files: ['tests/**', 'bench/**', 'cli/**', '**/*.test.ts', 'scripts/**'],
    rules: { 'no-console': 'off' },
  },
  // --- inner layers of the main process, and no import cycles (docs/architecture.md habit 1) ---
  {
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'cli/**/*.ts', 'renderer/src/**/*.{ts,vue}'],
    ignores: ['**/*.test.ts', '**/*.test-support.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [
        createNodeResolver({
          extensions: ['.ts', '.vue', '.js', '.mjs', '.json'],
          alias: {
            '@': [`${import.meta.dirname}/renderer/src`],
            '@shared': [`${import.meta.dirname}/shared`],
          },
        }),
      ],
      'import-x/extensions': ['.ts', '.vue', '.js', '.mjs'],
      'import-x/parsers': { 'vue-eslint-parser': ['.vue'], '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      // A circle of imports, even type-only ones, means two modules cannot be understood apart.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', { zones: layerZones }],
    },
  },
  prettier,
);
