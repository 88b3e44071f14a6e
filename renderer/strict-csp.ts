import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

const ENTRY_SCRIPT = /<script type="module" crossorigin src="\.\/([^"]+\.js)"><\/script>/g;
const DEV_SCRIPT_SRC = "script-src 'self'";

function sha384(data: string | Buffer): string {
  return `sha384-${createHash('sha384').update(data).digest('base64')}`;
}

/**
 * Build-only: pins the page's scripts to the files the build wrote. The entry script gets an SRI
 * `integrity` hash; the chunks loaded on demand (route pages, echarts) are listed with their
 * hashes in an inline import map's `integrity` table, so the browser checks each chunk's bytes
 * as it imports it. The CSP's `script-src 'self'` becomes the list of those hashes (plus the
 * import map's own): exactly those bytes may run, and no other script, even one on the app's
 * own origin. Runs after the files are written, so the hashes are of the bytes on disk. The dev
 * server keeps 'self' (Vite's client is injected there).
 */
export function strictScriptCsp(): Plugin {
  return {
    name: 'portcullis:strict-script-csp',
    apply: 'build',
    writeBundle(options) {
      const dir = options.dir;
      if (!dir) throw new Error('strict CSP: the build has no output folder');
      const htmlPath = join(dir, 'index.html');
      let html = readFileSync(htmlPath, 'utf8');
      const tags = [...html.matchAll(ENTRY_SCRIPT)];
      const [tag, src] = tags[0] ?? [];
      if (tags.length !== 1 || !tag || !src)
        throw new Error(`strict CSP: expected one module script in index.html, found ${String(tags.length)}`);
      if (html.includes('rel="modulepreload"'))
        throw new Error(
          'strict CSP: modulepreload links skip the import map check; keep build.modulePreload off',
        );
      if (!html.includes(DEV_SCRIPT_SRC))
        throw new Error(`strict CSP: index.html has no "${DEV_SCRIPT_SRC}"`);
      const scripts = readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js'));
      const integrity: Record<string, string> = {};
      for (const file of scripts)
        integrity[`./assets/${file}`] = sha384(readFileSync(join(dir, 'assets', file)));
      const entryHash = integrity[`./${src}`];
      if (!entryHash) throw new Error(`strict CSP: the entry ${src} is not among the built scripts`);
      const importMap = JSON.stringify({ imports: {}, integrity });
      const hashes = [sha384(importMap), ...Object.values(integrity)];
      html = html
        .replace(
          tag,
          `<script type="importmap">${importMap}</script>\n    ${tag.replace(' src=', ` integrity="${entryHash}" src=`)}`,
        )
        .replace(DEV_SCRIPT_SRC, `script-src ${hashes.map((h) => `'${h}'`).join(' ')}`);
      writeFileSync(htmlPath, html);
    },
  };
}
