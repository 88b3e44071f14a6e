/** Types for after-pack.mjs (kept as plain ESM so electron-builder loads it uncompiled). */
import type { FuseV1Config, FuseV1Options } from '@electron/fuses';
import type { AfterPackContext, Arch } from 'electron-builder';

/** The parts of electron-builder's AfterPackContext the hook reads. */
export type FuseContext = Pick<AfterPackContext, 'appOutDir' | 'electronPlatformName' | 'arch'> & {
  readonly packager: {
    readonly appInfo: { readonly productFilename: string };
    /** Set by electron-builder's LinuxPackager only. */
    readonly executableName?: string;
  };
};

/** The state each fuse ships in. */
export declare const FUSES: Readonly<Record<FuseV1Options, boolean>>;

/** Electron's executable for a platform, as electron-builder lays out appOutDir. */
export declare function electronBinaryPath(context: FuseContext): string;

/** The @electron/fuses config for one packaged platform and arch. */
export declare function fuseConfig(electronPlatformName: string, arch: Arch): FuseV1Config;

/** Flips the fuses, then reads them back; rejects if the binary is missing or did not take them. */
export declare function afterPack(context: FuseContext): Promise<void>;

export default afterPack;
