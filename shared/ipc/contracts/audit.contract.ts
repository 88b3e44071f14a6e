import { z } from 'zod';
import type { AuditEventView, AuditPage, AuditTimeline, SigningKeyRecord } from '../../domain/audit';
import { AUDIT_GROUPS } from '../../domain/audit-catalog';
import type { Permission } from '../../domain/roles';
import { backgroundFlag, channel } from '../channel';
import * as s from '../schemas';

/**
 * Who manages the directory's signing identity (organisation, rotation, revocation): the owner
 * alone, as for the other directory-wide trust settings ('services:manage' is owner-only).
 */
export const SIGNING_KEY_OWNER = 'services:manage' satisfies Permission;

/** Filters shared by the live log, its export and the offline review. */
export const auditFilter = z.strictObject({
  user: z.string().trim().max(64).optional(),
  code: z.string().trim().max(64).optional(),
  group: z.enum(AUDIT_GROUPS).optional(),
  from: s.isoDate.optional(),
  to: s.isoDate.optional(),
  ip: z.string().trim().max(64).optional(),
  text: z.string().trim().max(200).optional(),
});

/** A keyset page request: `before` pages back, `after` fetches newer rows (live arrival). */
export const auditPageRequest = {
  filter: auditFilter.default({}),
  before: z.number().int().positive().optional(),
  after: z.number().int().min(0).optional(),
  pageSize: z.number().int().min(1).max(500).default(50),
  withCount: z.boolean().optional(),
};

/** A running or finished export (polled for the progress bar). */
export interface ExportJobView {
  id: string;
  state: 'running' | 'done' | 'cancelled' | 'failed';
  events: number;
  fraction: number;
  path: string;
  error: string | null;
}

/** The directory's signing identity: what the owner manages and hands to auditors. */
export interface SigningKeyView {
  directoryId: string;
  /** '' until the owner names it (shown as "Unnamed organisation"). */
  organisation: string;
  /** The key signing exports now. */
  fingerprint: string;
  publicKey: string;
  /** Every key the directory has had, oldest first (created, rotated, revoked). */
  history: SigningKeyRecord[];
}

/** The public key file auditors import (what `audit:savePublicKeyFile` writes), as JSON. */
export interface PublicKeyFileView extends SigningKeyView {
  format: 'portcullis-signer';
  version: 1;
}

/** A file's base name as the person chose it (recorded in the audit log; never a folder). */
export const savedFileName = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[^/\\\p{Cc}]+$/u, 'Give a file name without folders or control characters')
  .refine((n) => n !== '.' && n !== '..', 'Give a file name, not a folder');

/** A SHA-256 fingerprint: 64 hex characters; spaces and colons (grouped copies) are ignored. */
export const fingerprintInput = z
  .string()
  .max(128)
  .transform((v) => v.replace(/[\s:]/g, '').toLowerCase())
  .pipe(z.string().regex(/^[0-9a-f]{64}$/, 'A fingerprint is 64 hexadecimal characters'));

/**
 * An organisation name as auditors will read it: trimmed, 1–120 characters, no control characters
 * and no bidirectional overrides or isolates (they could make a name display as another one).
 */
export const organisationName = z
  .string()
  .max(1000)
  .transform((v) => v.normalize('NFC').trim())
  .pipe(
    z
      .string()
      .min(1, 'Enter the organisation name')
      .max(120, 'Use at most 120 characters')
      .regex(
        /^[^\p{Cc}\p{Zl}\p{Zp}\u202A-\u202E\u2066-\u2069]*$/u,
        'Use no control or text-direction characters',
      ),
  );

/** The audit log (docs/product.md F7). */
export const auditContract = {
  /** Everyone's events (auditors, admins, owner); the live view's polling says `background`. */
  'audit:list': channel<AuditPage>()({
    access: 'audit:read',
    activity: 'per-call',
    input: z.strictObject({ ...auditPageRequest, ...backgroundFlag }),
  }),
  /** The caller's own events (actor or subject), for every signed-in user. */
  'audit:mine': channel<AuditPage>()({
    access: 'self',
    activity: 'per-call',
    input: z.strictObject({ ...auditPageRequest, ...backgroundFlag }),
  }),
  'audit:timeline': channel<AuditTimeline>()({
    access: 'audit:read',
    input: z.strictObject({ filter: auditFilter }),
  }),
  'audit:mineTimeline': channel<AuditTimeline>()({
    access: 'self',
    input: z.strictObject({ filter: auditFilter }),
  }),
  /** Asks where to save, then starts the export; null when the person cancelled the dialog. */
  'audit:export': channel<ExportJobView | null>()({
    access: 'audit:export',
    input: z.strictObject({
      filter: auditFilter,
      format: z.enum(['jsonl', 'csv']),
      bom: z.boolean().default(false),
      /** The name the file gets on a connected desktop: a team server records it (and suggests it in its dialog). */
      file: savedFileName.optional(),
    }),
  }),
  /** Polled by the progress bar: not activity. */
  'audit:exportStatus': channel<ExportJobView>()({
    access: 'audit:export',
    activity: 'background',
    input: z.strictObject({ id: z.string().regex(/^[0-9a-f]{32}$/) }),
  }),
  'audit:exportCancel': channel<{ cancelled: boolean }>()({
    access: 'audit:export',
    input: z.strictObject({ id: z.string().regex(/^[0-9a-f]{32}$/) }),
  }),
  /** The directory's signing identity and key history (null before the first key exists). */
  'audit:signingKey': channel<SigningKeyView | null>()({
    access: 'audit:read',
    input: s.empty,
  }),
  /** Names the organisation that exports and the public key file carry (owner: directory trust). */
  'audit:setOrganisation': channel<{ organisation: string }>()({
    access: SIGNING_KEY_OWNER,
    input: z.strictObject({ name: organisationName }),
  }),
  /**
   * A new key signs from now on, endorsed by the current one. `confirm` is the current key's
   * fingerprint as the window shows it: a window showing an older state is refused.
   */
  'audit:rotateSigningKey': channel<SigningKeyView>()({
    access: SIGNING_KEY_OWNER,
    input: z.strictObject({ confirm: fingerprintInput }),
  }),
  /**
   * Marks a key compromised: files it signs after now are refused (revoking the current key
   * rotates first). `confirm` is the current key's fingerprint as the window shows it.
   */
  'audit:revokeSigningKey': channel<SigningKeyView>()({
    access: SIGNING_KEY_OWNER,
    input: z.strictObject({ fingerprint: fingerprintInput, confirm: fingerprintInput }),
  }),
  /** Asks where to save the public key file for auditors; null when the dialog was cancelled. */
  'audit:savePublicKeyFile': channel<{ path: string; fingerprint: string } | null>()({
    access: 'audit:read',
    input: s.empty,
  }),
  /**
   * The public key file's content (creates the first key if there is none yet), recorded as handed
   * out under `file`: a desktop connected to a team server saves it through its own dialog.
   */
  'audit:publicKeyFile': channel<PublicKeyFileView>()({
    access: 'audit:read',
    input: z.strictObject({ file: savedFileName.default('portcullis-signer.json') }),
  }),
} as const;

export type { AuditEventView };
