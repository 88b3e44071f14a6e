import { describe, expect, it } from 'vitest';

// Every view and component, as source text (Vite's raw import, no Node APIs).
const sources = import.meta.glob<string>(['./views/**/*.{vue,ts}', './components/**/*.{vue,ts}'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

/** Value imports from the API wrappers (`import type` is fine: it names an input's shape). */
const API_VALUE_IMPORT = /^import\s+(?!type\b)[^;]*?from\s+'@\/api\/[^']+'/m;
/** Imports that reach into another page's folder. */
const VIEW_IMPORT = /from\s+'@\/views\/([^/']+)\//g;

const owner = (path: string) => /^\.\/views\/([^/]+)\//.exec(path)?.[1] ?? null;

describe('renderer layers (docs/renderer.md)', () => {
  it('sees the views and components it checks', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(40);
  });

  it('views and components reach main through stores and composables, never an API wrapper', () => {
    const offenders = Object.entries(sources)
      .filter(([, text]) => API_VALUE_IMPORT.test(text))
      .map(([path]) => path);
    expect(offenders).toEqual([]);
  });

  it('no page imports from another page; shared pieces live in src/components', () => {
    const offenders = Object.entries(sources).flatMap(([path, text]) =>
      [...text.matchAll(VIEW_IMPORT)]
        .filter((m) => m[1] !== owner(path))
        .map((m) => `${path} -> views/${m[1] ?? ''}`),
    );
    expect(offenders).toEqual([]);
  });
});
