/**
 * Electron fuses are flipped at packaging time by the electron-builder afterPack hook
 * (docs/architecture.md habit 6). No Electron binary exists here, so each test builds a fake one: filler
 * bytes around the fuse wire exactly where Electron puts it, after its sentinel.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { resolveFunction } from 'app-builder-lib/out/util/resolve';
import { Arch } from 'electron-builder';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { afterPack, electronBinaryPath, FUSES, fuseConfig, type FuseContext } from '../build/after-pack.mjs';

const root = join(__dirname, '..');

/** The marker Electron (12+) compiles in right before its fuse wire. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/**
 * Electron's default fuse states, in wire order: the 8 fuses @electron/fuses 1.8 knows, then
 * one it does not (Electron 35+ appends WasmTrapHandlers), which the hook must leave alone.
 */
const ELECTRON_DEFAULTS = '10110001' + '1';
const PREFIX = Buffer.from('\x7fELF fake electron\0'.repeat(64));
const SUFFIX = Buffer.from('\0rest of the binary\0'.repeat(64));

/** Writes a fake Electron executable: filler, sentinel, version 1, wire length, wire, filler. */
function writeFakeElectron(file: string, wire = ELECTRON_DEFAULTS): Buffer {
  const bytes = Buffer.concat([
    PREFIX,
    Buffer.from(SENTINEL),
    Buffer.from([1, wire.length]),
    Buffer.from(wire),
    SUFFIX,
  ]);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, bytes);
  return bytes;
}

/** The fuse wire as '0'/'1' characters, the way Electron and @electron/fuses store it. */
async function readWire(binary: string): Promise<string> {
  const wire: Record<string, unknown> = await getCurrentFuseWire(binary);
  let states = '';
  for (let i = 0; typeof wire[i] === 'number'; i++) states += String.fromCharCode(Number(wire[i]));
  return states;
}

/**
 * The wire the hook must leave behind: RunAsNode off, cookie encryption on, NODE_OPTIONS and
 * --inspect off, asar integrity and asar-only on, V8 snapshot and file:// privileges off; the
 * unknown trailing fuse untouched.
 */
const HARDENED = '01001100' + '1';

const context = (appOutDir: string, electronPlatformName: string, arch = Arch.x64): FuseContext => ({
  appOutDir,
  electronPlatformName,
  arch,
  packager:
    electronPlatformName === 'linux'
      ? { appInfo: { productFilename: 'Portcullis' }, executableName: 'portcullis' }
      : { appInfo: { productFilename: 'Portcullis' } },
});

describe('Electron fuses at packaging time', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'portcullis-fuses-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('configures every fuse @electron/fuses knows, hardened, and most differ from Electron defaults', async () => {
    const known = Object.values(FuseV1Options).filter((v) => typeof v === 'number');
    expect(
      Object.keys(FUSES)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(known);
    expect(FUSES).toEqual({
      [FuseV1Options.RunAsNode]: false,
      [FuseV1Options.EnableCookieEncryption]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
      [FuseV1Options.EnableNodeCliInspectArguments]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
      [FuseV1Options.OnlyLoadAppFromAsar]: true,
      [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
      [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
    });

    const fromConfig = known.map((fuse) => (FUSES[fuse] ? '1' : '0')).join('');
    expect(fromConfig).toBe(HARDENED.slice(0, 8));

    // An untouched binary reads back as Electron's defaults, so it cannot pass as hardened.
    const binary = join(dir, 'portcullis');
    writeFakeElectron(binary);
    const before = await readWire(binary);
    expect(before).toBe(ELECTRON_DEFAULTS);
    let differing = 0;
    for (let i = 0; i < HARDENED.length; i++) if (HARDENED[i] !== before[i]) differing++;
    console.log(`fuses: ${known.length} configured, ${differing} differ from Electron's defaults`);
    expect(differing).toBe(7);
  });

  it('the hook electron-builder.yml names flips the fuses of a Linux build', async () => {
    const yaml = createRequire(import.meta.url)('js-yaml') as { load(text: string): unknown };
    const builder = yaml.load(readFileSync(join(root, 'electron-builder.yml'), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(builder.afterPack).toBe('./build/after-pack.mjs');
    expect(builder).not.toHaveProperty('electronFuses');
    expect(existsSync(join(root, 'build/after-pack.mjs'))).toBe(true);

    // Loaded the way electron-builder loads it, so a module format it cannot load fails here.
    const hook = await resolveFunction<(c: FuseContext) => Promise<void>>(
      undefined,
      String(builder.afterPack),
      'afterPack',
      root,
    );
    expect(typeof hook).toBe('function');

    const appOutDir = join(dir, 'linux-unpacked');
    const binary = join(appOutDir, 'portcullis');
    const original = writeFakeElectron(binary);
    await hook(context(appOutDir, 'linux'));

    expect(await readWire(binary)).toBe(HARDENED);
    const after = readFileSync(binary);
    expect(after.length).toBe(original.length);
    // Only the wire changed: the rest of the binary is byte for byte the same.
    const wireAt = PREFIX.length + SENTINEL.length + 2;
    expect(after.subarray(0, wireAt).equals(original.subarray(0, wireAt))).toBe(true);
    const wireEnd = wireAt + ELECTRON_DEFAULTS.length;
    expect(after.subarray(wireEnd).equals(original.subarray(wireEnd))).toBe(true);
  });

  it('finds the binary by platform naming: linux executableName, win32 .exe, macOS .app framework', async () => {
    expect(electronBinaryPath(context('/o', 'linux'))).toBe(join('/o', 'portcullis'));
    expect(electronBinaryPath(context('/o', 'win32'))).toBe(join('/o', 'Portcullis.exe'));
    expect(electronBinaryPath(context('/o', 'darwin'))).toBe(join('/o', 'Portcullis.app'));
    expect(electronBinaryPath(context('/o', 'mas'))).toBe(join('/o', 'Portcullis.app'));
    expect(() => electronBinaryPath(context('/o', 'aix'))).toThrow(/unknown Electron platform "aix"/);

    const win = join(dir, 'win-unpacked');
    writeFakeElectron(join(win, 'Portcullis.exe'));
    await afterPack(context(win, 'win32'));
    expect(await readWire(join(win, 'Portcullis.exe'))).toBe(HARDENED);

    // On macOS the wire lives in the Electron Framework inside the bundle.
    const mac = join(dir, 'mac');
    const framework = join(
      mac,
      'Portcullis.app/Contents/Frameworks/Electron Framework.framework/Electron Framework',
    );
    writeFakeElectron(framework);
    await afterPack(context(mac, 'darwin', Arch.x64));
    expect(await readWire(join(mac, 'Portcullis.app'))).toBe(HARDENED);
  });

  it('re-signs ad hoc only for macOS builds that contain arm64', () => {
    expect(fuseConfig('darwin', Arch.arm64).resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig('darwin', Arch.universal).resetAdHocDarwinSignature).toBe(true);
    expect(fuseConfig('darwin', Arch.x64).resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig('linux', Arch.arm64).resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig('win32', Arch.arm64).resetAdHocDarwinSignature).toBe(false);
    expect(fuseConfig('linux', Arch.x64)).toMatchObject({ version: '1', ...FUSES });
  });

  it('fails the build with a clear error when the binary is missing or is not Electron', async () => {
    const appOutDir = join(dir, 'linux-unpacked');
    // Electron's binary under the product name, not the Linux executable name, is not found.
    writeFakeElectron(join(appOutDir, 'Portcullis'));
    await expect(afterPack(context(appOutDir, 'linux'))).rejects.toThrow(
      `afterPack: Electron binary not found at ${join(appOutDir, 'portcullis')} (linux)`,
    );
    await expect(afterPack(context(join(dir, 'mac'), 'darwin'))).rejects.toThrow(
      /Electron binary not found at .*Portcullis\.app\/Contents\/Frameworks\/Electron Framework/,
    );

    writeFileSync(join(appOutDir, 'portcullis'), 'not electron');
    await expect(afterPack(context(appOutDir, 'linux'))).rejects.toThrow(/Could not find sentinel/);
  });
});
