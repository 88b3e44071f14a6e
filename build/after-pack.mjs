/**
 * electron-builder `afterPack` hook (electron-builder.yml): flips the Electron fuses in the
 * packaged binary (docs/architecture.md habit 6), before electron-builder signs it. Plain ESM so
 * electron-builder loads it without a compile step; types in after-pack.d.mts.
 * The one source of truth for fuses: electron-builder.yml has no `electronFuses` block.
 */
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire } from '@electron/fuses';
import { Arch } from 'electron-builder';

/** The state each fuse ships in; tests/packaging-fuses.test.ts compares the binary to this. */
export const FUSES = Object.freeze({
  // ELECTRON_RUN_AS_NODE would turn the signed app into a general Node interpreter.
  [FuseV1Options.RunAsNode]: false,
  // Cookies encrypted at rest with the OS keychain key.
  [FuseV1Options.EnableCookieEncryption]: true,
  // NODE_OPTIONS and --inspect* would let anyone who can start the app inject code.
  [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
  [FuseV1Options.EnableNodeCliInspectArguments]: false,
  // app.asar is checked against the hash electron-builder embeds, and is the only app source.
  [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
  [FuseV1Options.OnlyLoadAppFromAsar]: true,
  [FuseV1Options.LoadBrowserProcessSpecificV8Snapshot]: false,
  // The renderer is served from app://portcullis/ (electron/main/app/app-protocol.ts), never
  // file://, so file:// pages need no privileges beyond a browser's.
  [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
});

/** Electron's executable for a platform, as electron-builder lays out appOutDir. */
export function electronBinaryPath(context) {
  const { appOutDir, electronPlatformName, packager } = context;
  switch (electronPlatformName) {
    case 'linux':
      return join(appOutDir, packager.executableName ?? packager.appInfo.productFilename);
    case 'win32':
      return join(appOutDir, `${packager.appInfo.productFilename}.exe`);
    case 'darwin':
    case 'mas':
      return join(appOutDir, `${packager.appInfo.productFilename}.app`);
    default:
      throw new Error(`afterPack: unknown Electron platform "${electronPlatformName}"; fuses not flipped`);
  }
}

/** The file holding the fuse wire: the binary itself, or the framework inside a macOS .app. */
function fuseWireFile(binaryPath) {
  return binaryPath.endsWith('.app')
    ? join(binaryPath, 'Contents', 'Frameworks', 'Electron Framework.framework', 'Electron Framework')
    : binaryPath;
}

/** The @electron/fuses config for one packaged platform and arch. */
export function fuseConfig(electronPlatformName, arch) {
  return {
    version: FuseVersion.V1,
    ...FUSES,
    // Flipping a fuse breaks the ad-hoc signature Apple Silicon needs to launch an unsigned app.
    resetAdHocDarwinSignature:
      electronPlatformName === 'darwin' && (arch === Arch.arm64 || arch === Arch.universal),
  };
}

/** Flips the fuses, then reads them back so a binary that did not take them fails the build. */
export async function afterPack(context) {
  const binary = electronBinaryPath(context);
  try {
    await access(fuseWireFile(binary));
  } catch {
    throw new Error(
      `afterPack: Electron binary not found at ${fuseWireFile(binary)} (${context.electronPlatformName}); ` +
        'fuses not flipped, refusing to package an unhardened app',
    );
  }
  await flipFuses(binary, fuseConfig(context.electronPlatformName, context.arch));
  const wire = await getCurrentFuseWire(binary);
  for (const [fuse, enabled] of Object.entries(FUSES)) {
    const expected = enabled ? '1' : '0';
    const actual = wire[fuse] === undefined ? 'missing' : String.fromCharCode(wire[fuse]);
    if (actual !== expected) {
      throw new Error(
        `afterPack: fuse ${FuseV1Options[fuse]} is "${actual}" in ${binary}, expected "${expected}"`,
      );
    }
  }
}

export default afterPack;
