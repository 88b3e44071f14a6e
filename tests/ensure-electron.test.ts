/**
 * `npm start`, `npm run dev` and `npm run package` first run scripts/ensure-electron.mjs, which
 * makes sure the Electron binary is present (issue 15). Each test works in a clean copy: the
 * script, a package.json, and an `electron` package with no binary. The network is made
 * unavailable by pointing Electron's real installer at a closed loopback port with an empty cache;
 * where a download must succeed, a stand-in installer plays Electron's, as the packaging tests
 * stand in for the Electron binary.
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = join(__dirname, '..');
const realElectron = join(root, 'node_modules', 'electron');
const version = (JSON.parse(readFileSync(join(realElectron, 'package.json'), 'utf8')) as { version: string })
  .version;
const dirs: string[] = [];

/** A clean copy: the script, package.json, and the real electron package without its binary. */
function cleanCopy(installer: 'real' | 'stand-in'): string {
  const dir = mkdtempSync(join(tmpdir(), 'portcullis-electron-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'scripts'));
  copyFileSync(join(root, 'scripts', 'ensure-electron.mjs'), join(dir, 'scripts', 'ensure-electron.mjs'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'copy', private: true }));
  const electron = join(dir, 'node_modules', 'electron');
  mkdirSync(electron, { recursive: true });
  for (const file of ['package.json', 'index.js', 'install.js', 'checksums.json'])
    copyFileSync(join(realElectron, file), join(electron, file));
  // The real installer's own dependencies, from this checkout.
  for (const dep of ['@electron', '@electron-internal'])
    symlinkSync(join(root, 'node_modules', dep), join(dir, 'node_modules', dep));
  if (installer === 'stand-in') {
    // Does what Electron's installer does once the zip is downloaded and unpacked.
    writeFileSync(
      join(electron, 'install.js'),
      `const fs = require('fs'), path = require('path');
fs.writeFileSync(path.join(__dirname, '..', '..', 'installer-ran'), 'yes');
fs.mkdirSync(path.join(__dirname, 'dist'), { recursive: true });
fs.writeFileSync(path.join(__dirname, 'dist', 'electron'), '#!/bin/sh\\n', { mode: 0o755 });
fs.writeFileSync(path.join(__dirname, 'dist', 'version'), 'v${version}');
fs.writeFileSync(path.join(__dirname, 'path.txt'), 'electron');
`,
    );
  }
  // A stand-in electron-vite that records how it was called.
  const bin = join(dir, 'node_modules', '.bin');
  mkdirSync(bin);
  writeFileSync(
    join(bin, 'electron-vite'),
    `#!/bin/sh\necho "$@" > "${dir}/electron-vite-ran"\necho "$ELECTRON_EXEC_PATH" >> "${dir}/electron-vite-ran"\nexit 7\n`,
  );
  chmodSync(join(bin, 'electron-vite'), 0o755);
  return dir;
}

/** A loopback port with nothing listening: every download attempt is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function start(dir: string, env: Record<string, string> = {}, args = ['electron-vite', 'preview']) {
  const cache = join(dir, 'empty-cache');
  mkdirSync(cache, { recursive: true });
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(ELECTRON_|electron_config_)/i.test(k)),
  );
  return spawnSync(process.execPath, [join(dir, 'scripts', 'ensure-electron.mjs'), ...args], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 60_000,
    env: {
      ...clean,
      PATH: `${join(dir, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`,
      electron_config_cache: cache,
      ...env,
    },
  });
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('npm start on a machine without the Electron binary', () => {
  it('with the network unavailable: the real installer fails and the message says what to do', async () => {
    const dir = cleanCopy('real');
    const r = start(dir, { ELECTRON_MIRROR: `http://127.0.0.1:${String(await closedPort())}/` });
    console.log(`exit ${String(r.status)}; stderr:\n${r.stderr}`);
    expect(r.status).toBe(3);
    expect(r.stderr).not.toContain('Electron uninstall');
    expect(r.stderr).toContain(`the Electron ${version} runtime is not on this machine`);
    expect(r.stderr).toContain('Downloading it failed: could not reach the download server');
    expect(r.stderr).toContain('npx install-electron');
    expect(r.stderr).toContain('ELECTRON_MIRROR=');
    expect(r.stderr).toContain('ELECTRON_OVERRIDE_DIST_PATH=');
    expect(r.stderr).toContain('npm run cli');
    expect(r.stderr).toContain('npm test');
    expect(r.stdout).toContain('Downloading it once now');
    expect(existsSync(join(dir, 'electron-vite-ran')), 'electron-vite must not run').toBe(false);
  });

  it('with the network available: calls the intended installer, then goes on to electron-vite', () => {
    const dir = cleanCopy('stand-in');
    const r = start(dir);
    expect(existsSync(join(dir, 'installer-ran'))).toBe(true);
    expect(r.status, r.stderr).toBe(7); // electron-vite's own exit code, passed through
    const [args, execPath] = readFileSync(join(dir, 'electron-vite-ran'), 'utf8').split('\n');
    expect(args).toBe('preview');
    expect(execPath).toBe(join(dir, 'node_modules', 'electron', 'dist', 'electron'));
  });

  it('with the binary present: no download, straight to electron-vite; without a command it only checks', () => {
    const dir = cleanCopy('stand-in');
    expect(start(dir, {}, []).status).toBe(0); // `npm run package` checks first
    rmSync(join(dir, 'installer-ran'));
    const r = start(dir, {}, ['electron-vite', 'dev']);
    expect(r.status).toBe(7);
    expect(existsSync(join(dir, 'installer-ran')), 'no second download').toBe(false);
    expect(readFileSync(join(dir, 'electron-vite-ran'), 'utf8')).toContain('dev');
  });

  it('a local copy named by ELECTRON_OVERRIDE_DIST_PATH is used; a wrong one is refused with its path', () => {
    const dir = cleanCopy('real');
    const local = join(dir, 'local-electron');
    mkdirSync(local);
    writeFileSync(join(local, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
    const ok = start(dir, { ELECTRON_OVERRIDE_DIST_PATH: local });
    expect(ok.status).toBe(7);
    expect(readFileSync(join(dir, 'electron-vite-ran'), 'utf8')).toContain(join(local, 'electron'));
    const wrong = start(dir, { ELECTRON_OVERRIDE_DIST_PATH: join(dir, 'nowhere') });
    expect(wrong.status).toBe(3);
    expect(wrong.stderr).toContain(`${join(dir, 'nowhere', 'electron')} does not exist`);
  });
});

describe('package.json declares the install scripts it allows', () => {
  it('every allow/deny entry has a one-line reason, and every reason an entry', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      allowScripts: Record<string, boolean>;
      '//allowScripts': Record<string, string>;
    };
    expect(Object.keys(pkg['//allowScripts']).sort()).toEqual(Object.keys(pkg.allowScripts).sort());
    for (const [name, allowed] of Object.entries(pkg.allowScripts)) {
      const reason = pkg['//allowScripts'][name] ?? '';
      expect(reason.startsWith(allowed ? 'approve: ' : 'deny: '), name).toBe(true);
      expect(reason).not.toContain('\n');
    }
  });
});
