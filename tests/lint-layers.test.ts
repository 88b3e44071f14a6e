import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = join(__dirname, '..');

// The project's own eslint.config.mjs; only the import rules run, without type information, so
// the check stays quick (the full lint in CI runs everything).
const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: join(root, 'eslint.config.mjs'),
  overrideConfig: { languageOptions: { parserOptions: { project: null, projectService: false } } },
  ruleFilter: ({ ruleId }) => ruleId.startsWith('import-x/') || ruleId === 'no-restricted-imports',
});

/**
 * The rule ids and messages ESLint reports for `text` placed at `path`. Every relative import in
 * the planted text must name a real file: the layer rule says nothing about a path it cannot resolve.
 */
async function lint(path: string, text: string): Promise<{ rule: string | null; message: string }[]> {
  for (const [, spec] of text.matchAll(/from '(\.[^']+)'/g))
    expect(existsSync(join(root, dirname(path), `${spec ?? ''}.ts`)), `${spec ?? ''} from ${path}`).toBe(
      true,
    );
  const [result] = await eslint.lintText(text, { filePath: join(root, path) });
  return (result?.messages ?? []).map((m) => ({ rule: m.ruleId, message: m.message }));
}

/** Lints a planted file and expects the layer rule to refuse it, saying `why`. */
async function expectRefusedByLayers(path: string, text: string, why: string): Promise<void> {
  expect(await lint(path, text)).toContainEqual({
    rule: 'import-x/no-restricted-paths',
    message: expect.stringContaining(why) as string,
  });
}

describe('lint keeps the layers of the main process and refuses import cycles', () => {
  it('db/ importing a service fails lint', async () => {
    await expectRefusedByLayers(
      'electron/main/db/repositories/planted.repository.ts',
      "import type { AuditService } from '../../services/audit/audit.service';\nexport type A = AuditService;\n",
      'db/ is the bottom of the main process',
    );
  });

  it('a service importing the IPC transport or a window fails lint', async () => {
    const found = await lint(
      'electron/main/services/planted.service.ts',
      "import type { CallContext } from '../ipc/handler';\nimport { createMainWindow } from '../windows/main-window';\n" +
        'export type C = CallContext;\nexport const w = createMainWindow;\n',
    );
    expect(found.filter((m) => m.rule === 'import-x/no-restricted-paths')).toHaveLength(2);
  });

  it('a service importing electron fails lint', async () => {
    const found = await lint(
      'electron/main/services/planted.service.ts',
      "import { app } from 'electron';\nexport const a = app;\n",
    );
    expect(found.map((m) => m.rule)).toContain('no-restricted-imports');
  });

  it('an adapter importing a service fails lint', async () => {
    const found = await lint(
      'electron/main/adapters/planted.ts',
      "import type { SessionService } from '../services/sessions/session.service';\nexport type S = SessionService;\n",
    );
    expect(found.map((m) => m.rule)).toContain('import-x/no-restricted-paths');
  });

  it('security/ importing a repository fails lint', async () => {
    await expectRefusedByLayers(
      'electron/main/security/planted.ts',
      "import type { MetaRepository } from '../db/repositories/meta.repository';\nexport type M = MetaRepository;\n",
      'security/ never imports db or services',
    );
  });

  it('an import circle fails lint: the audit service importing the composition root that imports it', async () => {
    const path = 'electron/main/services/audit/audit.service.ts';
    const real = readFileSync(join(root, path), 'utf8');
    // The file as it is: clean, so the rule is not simply firing on everything.
    expect(await lint(path, real)).toEqual([]);
    const planted = `${real}\nimport { buildServices } from '../compose';\nexport const planted = buildServices;\n`;
    expect((await lint(path, planted)).map((m) => m.rule)).toContain('import-x/no-cycle');
  });

  it('the services importing a type back from the composition root fails lint (the old container knot)', async () => {
    // import-x/no-cycle skips type-only imports; the layer rule does not, and
    // tests/import-cycles.test.ts finds type-only circles anywhere.
    const path = 'electron/main/services/services.ts';
    const planted = `${readFileSync(join(root, path), 'utf8')}\nimport type { Container } from '../container';\nexport type Planted = Container;\n`;
    expect((await lint(path, planted)).map((m) => m.rule)).toContain('import-x/no-restricted-paths');
  });
});
