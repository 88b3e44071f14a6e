import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plugin } from 'vite';

const ENTRY_SCRIPT = /<script type="module" crossorigin src="\.\/([^"]+\.js)"><\/script>/g;
const DEV_SCRIPT_SRC = "script-src 'self'";

/**
 * Build-only: pins the page's scripts to the one file the build wrote (vite.config.ts bundles the
 * renderer into a single script). That script gets an SRI `integrity` hash and the CSP's
 * `script-src 'self'` becomes `script-src '<that hash>'`: exactly those bytes may run, and no other
 * script, even one on the app's own origin. Runs after the files are written, so the hash is of
 * the bytes on disk. The dev server keeps 'self' (Vite's client is injected there).
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
        throw new Error('strict CSP: modulepreload links would be refused; keep build.modulePreload off');
      const scripts = readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js'));
      if (scripts.length !== 1)
        throw new Error(`strict CSP: expected one script file, the build wrote ${scripts.join(', ')}`);
      if (!html.includes(DEV_SCRIPT_SRC))
        throw new Error(`strict CSP: index.html has no "${DEV_SCRIPT_SRC}"`);
      const hash = `sha384-${createHash('sha384')
        .update(readFileSync(join(dir, src)))
        .digest('base64')}`;
      html = html
        .replace(tag, tag.replace(' src=', ` integrity="${hash}" src=`))
        .replace(DEV_SCRIPT_SRC, `script-src '${hash}'`);
      writeFileSync(htmlPath, html);
    },
  };
}
