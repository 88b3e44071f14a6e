import { z } from 'zod';
import { channel } from '../channel';
import * as s from '../schemas';

/** A server address as typed: checked again (https, loopback-only http, no path) in main. */
const serverUrl = z
  .string()
  .trim()
  .min(1, 'Type the server address, e.g. https://portcullis.example.org:8443')
  .max(2048, 'A server address has at most 2048 characters');

/**
 * A SHA-256 certificate fingerprint as a person may copy it: 64 hexadecimal digits, with or
 * without colons or spaces, any case. Normalised to Node's form (AB:CD:… upper case).
 */
export const certificateFingerprint = z
  .string()
  .max(200, 'A SHA-256 fingerprint has 64 hexadecimal digits')
  .transform((v) => v.replace(/[\s:]/g, '').toUpperCase())
  .refine((v) => /^[0-9A-F]{64}$/.test(v), 'A SHA-256 fingerprint has 64 hexadecimal digits')
  .transform((v) => (v.match(/../g) ?? []).join(':'));

/** A CA certificate file (PEM) chosen on this computer. */
const caFile = z.string().min(1).max(4096, 'That file path is too long');

/** What a probe found at a server address, before anything is trusted or sent. */
export interface ServerProbe {
  /** The normalised address (https://host:port). */
  url: string;
  host: string;
  /** The certificate the server presented; null for plain http on loopback. */
  certificate: {
    /** SHA-256, Node's form (AB:CD:…); the window shows it in groups of four. */
    fingerprint256: string;
    subject: string;
    issuer: string;
    validFrom: string;
    validTo: string;
    /** Whether the certificate is valid today. */
    current: boolean;
    /** With a CA file: whether that CA vouches for this server; null without one. */
    caTrusted: boolean | null;
  } | null;
  /** The server answered GET /health as a Portcullis team server does. */
  healthy: boolean;
  /** Name and API version from /openapi.json, when the server exposes them. */
  server: { name: string; version: string } | null;
}

/** Which directory the window works on. */
export type CurrentDirectory =
  | {
      kind: 'local';
      /** The database file on this computer, when main knows it. */
      databaseFile: string | null;
      /** A team server saved but not in use yet (the app connects at its next start). */
      pending: { url: string; host: string } | null;
    }
  | {
      kind: 'server';
      url: string;
      host: string;
      /** The pinned certificate fingerprint, or null when a CA file (or loopback http) is trusted. */
      fingerprint256: string | null;
      caFile: string | null;
    };

/** What saving (or forgetting) a connection did: whether the window already uses it. */
export interface ConnectionSwitch {
  /** True when the window's calls now go to the chosen directory; false: restart the app. */
  switched: boolean;
  current: CurrentDirectory;
}

/**
 * The desktop's connection to a directory: this computer's own database, or a team server whose
 * certificate is pinned (or vouched for by a CA file). Desktop channels: served by the window's
 * own main process, never over HTTP, and public (first run has no session). Nothing here sends
 * a password or a token to a server.
 */
export const connectionContract = {
  /** Reads a server's certificate and asks GET /health and /openapi.json; trusts nothing, saves nothing. */
  'connection:probe': channel<ServerProbe>()({
    access: 'public',
    input: z.strictObject({ url: serverUrl, caFile: caFile.optional() }),
  }),
  /**
   * Checks again that the server shows the certificate the person confirmed (or one the CA file
   * vouches for), saves the connection and switches the window to it when the app can.
   */
  'connection:save': channel<ConnectionSwitch>()({
    access: 'public',
    input: z.union([
      z.strictObject({ url: serverUrl, pinnedFingerprint: certificateFingerprint }),
      z.strictObject({ url: serverUrl, caFile }),
    ]),
  }),
  /** Which directory the window works on now. */
  'connection:current': channel<CurrentDirectory>()({
    access: 'public',
    activity: 'background',
    input: s.empty,
  }),
  /** Forgets the team server: the window goes back to this computer's database. */
  'connection:forget': channel<ConnectionSwitch>()({
    access: 'public',
    input: s.empty,
  }),
  /** Asks for a CA certificate file (PEM) with the native dialog; null when the person cancelled. */
  'connection:chooseCaFile': channel<string | null>()({
    access: 'public',
    input: s.empty,
  }),
} as const;
