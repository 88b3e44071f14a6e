import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

/** file (relative to the repository) -> the app files it imports, type-only imports included. */
export type ImportGraph = Map<string, string[]>;

const ALIASES: [string, string][] = [
  ['@/', 'renderer/src/'],
  ['@shared/', 'shared/'],
];

function sourceFiles(root: string, dir: string): string[] {
  const abs = join(root, dir);
  if (!existsSync(abs)) return [];
  return readdirSync(abs).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory())
      return name === 'node_modules' ? [] : sourceFiles(root, path);
    return /\.(ts|vue)$/.test(name) && !/\.(test|spec|d)\.ts$|\.test-support\.ts$/.test(name) ? [path] : [];
  });
}

/** The script blocks of a .vue file, or the file itself. */
function scriptOf(path: string, text: string): string {
  if (!path.endsWith('.vue')) return text;
  return [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

function resolve(root: string, from: string, spec: string): string | null {
  let base: string | null = null;
  if (spec.startsWith('.')) base = join(dirname(from), spec);
  for (const [alias, dir] of ALIASES) if (spec.startsWith(alias)) base = dir + spec.slice(alias.length);
  if (base === null) return null;
  for (const candidate of [base, `${base}.ts`, `${base}.vue`, join(base, 'index.ts')])
    if (existsSync(join(root, candidate)) && statSync(join(root, candidate)).isFile())
      return relative(root, join(root, candidate));
  return null;
}

/**
 * Every static import and re-export between app files under `dirs` (tests excluded). Type-only
 * imports count: a circle of types still means two modules cannot be understood apart. Dynamic
 * `import()` (route-level code splitting) does not.
 */
export function importGraph(root: string, dirs: string[]): ImportGraph {
  const graph: ImportGraph = new Map();
  for (const file of dirs.flatMap((d) => sourceFiles(root, d))) {
    const info = ts.preProcessFile(scriptOf(file, readFileSync(join(root, file), 'utf8')), true, false);
    const targets = info.importedFiles
      .map((f) => resolve(root, file, f.fileName))
      .filter((t): t is string => t !== null);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

/** The import circles in a graph, each as the list of files around it (Tarjan's strongly connected components). */
export function importCycles(graph: ImportGraph): string[][] {
  let index = 0;
  const stack: string[] = [];
  const on = new Set<string>();
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    on.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v) ?? 0, low.get(w) ?? 0));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v) ?? 0, idx.get(w) ?? 0));
    }
    if (low.get(v) === idx.get(v)) {
      const component: string[] = [];
      let w: string | undefined;
      do {
        w = stack.pop();
        if (w === undefined) break;
        on.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) cycles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!idx.has(v)) visit(v);
  return cycles;
}
