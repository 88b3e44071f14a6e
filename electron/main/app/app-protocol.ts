import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { net, protocol } from 'electron';

/**
 * The packaged renderer is served from app://portcullis/, not file:// (Electron security
 * checklist: "use a custom protocol instead of file://"). Its own origin keeps the CSP's 'self'
 * to the app's files instead of every file on disk, and lets the GrantFileProtocolExtraPrivileges
 * fuse stay off (build/after-pack.mjs).
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'portcullis';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Must run before `ready`: a standard, secure scheme (own origin, secure context). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
  ]);
}

/** The file under `rendererDir` an app:// URL names, or null (other host, outside the folder, missing). */
export function rendererFileFor(url: string, rendererDir: string): string | null {
  if (!URL.canParse(url)) return null;
  const u = new URL(url);
  if (u.protocol !== `${APP_SCHEME}:` || u.host !== APP_HOST) return null;
  let path: string;
  try {
    path = decodeURIComponent(u.pathname);
  } catch {
    return null;
  }
  const root = normalize(rendererDir);
  const file = normalize(join(root, path === '/' ? 'index.html' : path));
  if (!file.startsWith(root + sep)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

/** After `ready`: answers app:// requests with the built renderer's files, 404 for anything else. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const file = rendererFileFor(request.url, rendererDir);
    if (!file) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(file).href);
  });
}
