import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph } from './support/import-graph';

const root = join(__dirname, '..');
const APP = ['electron', 'shared', 'cli', 'renderer/src'];

// ESLint's import-x/no-cycle (in `npm run lint`) skips type-only imports; this check counts them,
// since the 13-file knot of issue 13 was made of type imports alone.
describe('no import cycle anywhere in app code, type-only imports included', () => {
  const graph = importGraph(root, APP);

  it('reads the whole app: the main process, shared, the CLI and the renderer', () => {
    expect(graph.size).toBeGreaterThan(250);
    expect(graph.get('electron/main/container.ts')).toContain('electron/main/services/compose.ts');
    expect(graph.get('renderer/src/api/client.ts')?.length).toBeGreaterThan(0);
  });

  it('has no cycle', () => {
    expect(importCycles(graph)).toEqual([]);
  });

  it('a planted type-only import back from the services to the composition root is a cycle', () => {
    const planted = new Map(graph);
    const services = 'electron/main/services/services.ts';
    planted.set(services, [...(graph.get(services) ?? []), 'electron/main/container.ts']);
    expect(importCycles(planted)).toEqual([
      expect.arrayContaining(['electron/main/container.ts', services]) as string[],
    ]);
  });
});
