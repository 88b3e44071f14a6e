/** One audit event row as the renderer sees it. */
export interface AuditEventView {
  id: number;
  at: string;
  code: string;
  message: string;
  actorId: number | null;
  actorName: string | null;
  subjectId: number | null;
  subjectName: string | null;
  ip: string | null;
  sessionHash: string | null;
  location: string | null;
  deviceType: string | null;
  browser: string | null;
  os: string | null;
  details: Record<string, unknown>;
}

/** Filters of the audit log, the export and the offline review (all optional, AND-ed). */
export interface AuditFilter {
  /** Username (actor or subject), case-insensitive exact match. */
  user?: string | undefined;
  /** User id (actor or subject); the live log's self scope uses this. */
  userId?: number | undefined;
  code?: string | undefined;
  group?: string | undefined;
  /** ISO instants; `from` inclusive, `to` exclusive. */
  from?: string | undefined;
  to?: string | undefined;
  ip?: string | undefined;
  /** Free text in the message, code, names, location or details. */
  text?: string | undefined;
}

/** One keyset page: newest first; pass `nextCursor` back as `before` for the next page. */
export interface AuditPage {
  items: AuditEventView[];
  nextCursor: number | null;
  /** Matching rows, counted up to `capped` (then "more than"); null when not asked for. */
  approxTotal: { count: number; capped: boolean } | null;
}

/** Sign-ins vs failures per time bucket, for the timeline chart. */
export interface AuditTimeline {
  bucket: 'hour' | 'day';
  points: { t: string; signIns: number; failures: number }[];
}

/** One key in a directory's signing-key history, oldest first (format version 2). */
export interface SigningKeyRecord {
  fingerprint: string;
  /** Base64 of the DER SubjectPublicKeyInfo. */
  publicKey: string;
  createdAt: string;
  /** Fingerprint of the key this one succeeded; null for the directory's first key. */
  previous: string | null;
  /** Base64 Ed25519 signature by the previous key over the rotation statement; null for the first key. */
  endorsement: string | null;
  /** When the owner marked this key compromised; files it signed after this instant are refused. */
  revokedAt: string | null;
  /** Base64 signature over the revocation statement by the key current at revocation. */
  revocation: string | null;
}

/** A signer this OS user trusts (trusted-signers.json in the user-data folder; no database, no keychain). */
export interface TrustedSigner {
  fingerprint: string;
  /** Base64 DER public key, when it came from a public key file. */
  publicKey: string | null;
  organisation: string;
  directoryId: string | null;
  addedAt: string;
  /** Revocations learned from the signer's key file: files these keys signed after `at` are refused. */
  revoked: { fingerprint: string; at: string }[];
}

/** Who signed an export, and whether this machine trusts them. */
export interface SignerInfo {
  fingerprint: string;
  /** From the file's header (format 2); null for format 1 files. */
  organisation: string | null;
  directoryId: string | null;
  /**
   * How trust was reached: `key` (matches --key / the key asked for), `trusted` (in the trusted
   * signers list), `successor` (a later key endorsed, through the file's key history, by a trusted
   * key), or null (unknown signer).
   */
  via: 'key' | 'trusted' | 'successor' | null;
  /** The trusted key a successor chains back to, when via is `successor`. */
  trustedAncestor: string | null;
  /** The organisation name the auditor saved with the trusted entry, when trusted. */
  trustedAs: string | null;
}

/** What an export says about itself: scope, counts and who made it (times are ISO 8601 UTC). */
export interface ExportScope {
  version: number;
  filter: AuditFilter;
  exportedAt: string;
  exportedBy: string;
  events: number;
}

/** What verifying an export found. */
export type ExportVerdict =
  | {
      status: 'intact';
      /** `trusted`: signed by a key this machine trusts (or the one asked for); `unknown`: intact but nobody vouches for the signer. */
      trust: 'trusted' | 'unknown';
      signer: SignerInfo;
      scope: ExportScope;
      events: number;
      fingerprint: string;
      exportedAt: string;
      exportedBy: string;
    }
  | { status: 'altered'; line: number; reason: string; fingerprint: string | null }
  /** Intact chain, but the signer is refused: a different key than required, or a revoked key. */
  | { status: 'refused'; reason: string; fingerprint: string }
  | { status: 'not-an-export'; reason: string };
