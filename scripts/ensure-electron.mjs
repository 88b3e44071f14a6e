#!/usr/bin/env node
// Makes sure the Electron binary is present, then runs the given command (electron-vite preview,
// electron-vite dev); with no command it only makes sure (npm run package).
//
// Why: Electron 45's npm package no longer downloads its binary at install time, and electron-vite
// looks for the binary's path.txt itself and stops with "Electron uninstall", which tells a
// newcomer nothing. Here the binary is fetched the way Electron intends (its own `install-electron`
// script, which honours ELECTRON_MIRROR, ELECTRON_CUSTOM_DIR and the electron_config_cache
// folder); where that cannot work, the message says what is missing and what to do.
//
// Plain Node with built-ins only: it must run on a fresh clone before anything is built.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Exit code for "something this machine lacks", as the portcullis CLI uses it. */
const EXIT_MISSING = 3;
/** A real download of about 110 MB; a blocked one fails in seconds. */
const INSTALL_TIMEOUT_MS = 15 * 60_000;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const command = process.argv.slice(2);

/** Where the electron package lives in this checkout, or undefined before `npm install`. */
function electronPackageDir() {
  try {
    return path.dirname(createRequire(path.join(root, 'package.json')).resolve('electron/package.json'));
  } catch {
    return undefined;
  }
}

/** The executable's path inside an unpacked Electron folder, as Electron's installer names it. */
function platformPath() {
  const platform =
    process.env.ELECTRON_INSTALL_PLATFORM || process.env.npm_config_platform || process.platform;
  if (platform === 'darwin' || platform === 'mas') return 'Electron.app/Contents/MacOS/Electron';
  if (platform === 'win32') return 'electron.exe';
  return 'electron';
}

/**
 * The binary to use, or a reason it is not there. Follows the same rules as Electron's own
 * installer and electron-vite: ELECTRON_EXEC_PATH, then ELECTRON_OVERRIDE_DIST_PATH, then the
 * package's dist/ folder named by path.txt for the package's version.
 */
function findBinary(dir, version) {
  const exec = process.env.ELECTRON_EXEC_PATH;
  if (exec) {
    return existsSync(exec)
      ? { path: exec }
      : { missing: `ELECTRON_EXEC_PATH points to ${exec}, which does not exist.`, fatal: true };
  }
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) {
    const candidate = path.join(override, platformPath());
    return existsSync(candidate)
      ? { path: candidate }
      : {
          missing: `ELECTRON_OVERRIDE_DIST_PATH is ${override}, but ${candidate} does not exist.`,
          fatal: true,
        };
  }
  const read = (file) => {
    try {
      return readFileSync(path.join(dir, file), 'utf8').trim();
    } catch {
      return undefined;
    }
  };
  const rel = read('path.txt');
  const installed = read('dist/version')?.replace(/^v/, '');
  if (!rel || !installed) return { missing: `Electron ${version} has not been downloaded yet.` };
  if (installed !== version)
    return { missing: `The downloaded Electron is ${installed}, but this project needs ${version}.` };
  const binary = path.join(dir, 'dist', rel);
  return existsSync(binary) ? { path: binary } : { missing: `${binary} is missing.` };
}

/** Runs Electron's own installer (`install-electron`); returns its last error lines. */
function runInstaller(dir, version) {
  const cache = process.env.electron_config_cache || defaultCache();
  console.log(
    `Portcullis needs the Electron ${version} runtime for ${process.platform}-${process.arch}; it is not ` +
      `downloaded yet.\nDownloading it once now with Electron's installer (about 110 MB; kept in ${cache}, ` +
      `so later installs need no network)...`,
  );
  const result = spawnSync(process.execPath, [path.join(dir, 'install.js')], {
    cwd: dir,
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
    timeout: INSTALL_TIMEOUT_MS,
    env: { ...process.env, ELECTRON_GET_NO_PROGRESS: process.stdout.isTTY ? '' : '1' },
  });
  if (result.error) return result.error.message;
  if (result.status === 0) return undefined;
  const lines = (result.stderr || '').split('\n').filter((l) => l.trim() && !/^\s+at /.test(l));
  const last = lines.slice(-3).join('\n');
  if (/fetch failed|ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN|ECONNRESET/.test(last))
    return `could not reach the download server (no network, a firewall, or a proxy in the way).\n  Installer said: ${last}`;
  return last || `the installer exited with code ${String(result.status)}`;
}

function defaultCache() {
  if (process.platform === 'win32')
    return path.join(process.env.LOCALAPPDATA || homedir(), 'electron', 'Cache');
  if (process.platform === 'darwin') return path.join(homedir(), 'Library', 'Caches', 'electron');
  return path.join(process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache'), 'electron');
}

/** The plain-words stop: what is missing, the one command, the variables, what works meanwhile. */
function explain(version, why) {
  console.error(`
Portcullis cannot open its desktop window: the Electron ${version} runtime is not on this machine.
${why}

What to do:
  - On a machine or network that can reach github.com, run once in this folder:
        npx install-electron
    (about 110 MB; Electron keeps the zip in its cache folder, so later installs work offline).
  - Behind a mirror of Electron's releases:
        ELECTRON_MIRROR=https://mirror.example/electron/ npm start
  - With Electron ${version} already unpacked somewhere (a copy of its dist folder):
        ELECTRON_OVERRIDE_DIST_PATH=/path/to/electron/dist npm start
    or with its release zip in a folder of your own:  electron_config_cache=/path/to/folder npm start

Everything else works without it, offline:
  npm run cli -- --help                          the portcullis command line (users, 2FA, tokens)
  npm run cli -- audit verify FILE --key PRINT   check an exported audit log against its signer
  npm test                                       the whole test suite (Chromium stands in for the window)
`);
}

function main() {
  const dir = electronPackageDir();
  if (!dir) {
    console.error('The electron package is not installed in this folder. Run `npm install` first.');
    return EXIT_MISSING;
  }
  const version = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  let found = findBinary(dir, version);
  if (!found.path && !found.fatal) {
    const failure = runInstaller(dir, version);
    found = findBinary(dir, version);
    if (!found.path) {
      explain(version, failure ? `Downloading it failed: ${failure}` : found.missing);
      return EXIT_MISSING;
    }
  }
  if (!found.path) {
    explain(version, found.missing);
    return EXIT_MISSING;
  }
  if (command.length === 0) return 0;
  const child = spawn(command[0], command.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, ELECTRON_EXEC_PATH: found.path },
    shell: process.platform === 'win32',
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('error', (err) => {
    console.error(`Could not run ${command[0]}: ${err.message}`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return undefined;
}

const code = main();
if (code !== undefined) process.exit(code);
