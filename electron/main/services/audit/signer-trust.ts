import type { SignerInfo, SigningKeyRecord } from '../../../../shared/domain/audit';
import { normaliseFingerprint, type ExportHeader } from './export-format';

/** What the auditor trusts: the fields of a trusted-signers entry that decide a verdict. */
export interface TrustEntry {
  fingerprint: string;
  organisation: string;
  revoked: { fingerprint: string; at: string }[];
}

/** Who vouches for a signer, or why it is refused. */
export type TrustDecision =
  | {
      trust: 'trusted' | 'unknown';
      via: 'key' | 'trusted' | 'successor' | null;
      trustedAncestor: string | null;
      trustedAs: string | null;
    }
  | { refused: string };

/** The facts a decision is made from; `history` must already be validated (keyHistoryValid). */
export interface TrustQuestion {
  signer: string;
  /** The signed file's key history, oldest first ([] for format 1). */
  history: SigningKeyRecord[];
  /** When the file says it was signed. */
  signedAt: string;
  /** `--key`: only this key, or a successor it endorsed through the history, is accepted. */
  key?: string | undefined;
  trusted: TrustEntry[];
}

const UNKNOWN: TrustDecision = { trust: 'unknown', via: null, trustedAncestor: null, trustedAs: null };

/** Earliest known revocation instant (ms) of each key: the file's history and the auditor's list. */
function revocations(q: TrustQuestion): Map<string, { at: string; ms: number }> {
  const out = new Map<string, { at: string; ms: number }>();
  const note = (fp: string, at: string) => {
    const ms = Date.parse(at);
    const old = out.get(fp);
    if (!old || (Number.isNaN(old.ms) ? true : ms < old.ms)) out.set(fp, { at, ms });
  };
  for (const k of q.history) if (k.revokedAt) note(k.fingerprint, k.revokedAt);
  for (const t of q.trusted) for (const r of t.revoked) note(r.fingerprint, r.at);
  return out;
}

/**
 * Decides trust for an intact file (issue 18 items 1 and 3). A signer revoked at or before the
 * file's signing time is refused. With `key`: trusted when the signer is that key, or a successor
 * that key endorsed through the history (no key on the way revoked before it endorsed the next);
 * otherwise refused. Without: trusted when the signer, or the nearest ancestor in the history, is
 * in the trusted list under the same rule; otherwise unknown.
 */
export function decideTrust(q: TrustQuestion): TrustDecision {
  const revoked = revocations(q);
  const signedMs = Date.parse(q.signedAt);
  const own = revoked.get(q.signer);
  if (own && (Number.isNaN(own.ms) || Number.isNaN(signedMs) || own.ms <= signedMs))
    return {
      refused: `the signing key ${q.signer} was revoked at ${own.at}, and this file says it was signed at ${q.signedAt}`,
    };
  // The signer first, then its predecessors, nearest first.
  const at = q.history.findIndex((k) => k.fingerprint === q.signer);
  const chain = at < 0 ? [] : q.history.slice(0, at + 1).reverse();
  /** Null when every key from `ancestor` down to the signer endorsed its successor before being revoked. */
  const brokenLink = (upTo: number): string | null => {
    for (let i = upTo; i > 0; i--) {
      const endorser = chain[i];
      const next = chain[i - 1];
      if (!endorser || !next) continue;
      const r = revoked.get(endorser.fingerprint);
      if (r && !(r.ms >= Date.parse(next.createdAt)))
        return `the key ${next.fingerprint} was endorsed by ${endorser.fingerprint} after that key was revoked (${r.at})`;
    }
    return null;
  };
  const nameOf = (fp: string) => q.trusted.find((t) => t.fingerprint === fp)?.organisation ?? null;
  if (q.key !== undefined) {
    const want = normaliseFingerprint(q.key);
    if (want === q.signer)
      return { trust: 'trusted', via: 'key', trustedAncestor: null, trustedAs: nameOf(want) };
    const i = chain.findIndex((k) => k.fingerprint === want);
    if (i < 0)
      return {
        refused: `the file is signed by ${q.signer}, not by the expected key ${want} or a successor it endorsed`,
      };
    const broken = brokenLink(i);
    if (broken) return { refused: broken };
    return { trust: 'trusted', via: 'successor', trustedAncestor: want, trustedAs: nameOf(want) };
  }
  const direct = nameOf(q.signer);
  if (direct !== null) return { trust: 'trusted', via: 'trusted', trustedAncestor: null, trustedAs: direct };
  for (let i = 1; i < chain.length; i++) {
    const fp = chain[i]?.fingerprint ?? '';
    const name = nameOf(fp);
    if (name === null) continue;
    const broken = brokenLink(i);
    if (broken) return { refused: broken };
    return { trust: 'trusted', via: 'successor', trustedAncestor: fp, trustedAs: name };
  }
  return UNKNOWN;
}

/**
 * The trust part of an intact verdict from a header that already verified (its key history was
 * checked then): used after the trusted list changed, without reading the file again.
 */
export function trustVerdict(
  header: ExportHeader,
  trusted: TrustEntry[],
  o: { key?: string | undefined } = {},
):
  | { trust: 'trusted' | 'unknown'; signer: SignerInfo }
  | { status: 'refused'; reason: string; fingerprint: string } {
  const d = decideTrust({
    signer: header.fingerprint,
    history: header.version === 1 ? [] : (header.keyHistory ?? []),
    signedAt: header.exportedAt,
    key: o.key,
    trusted,
  });
  if ('refused' in d) return { status: 'refused', reason: d.refused, fingerprint: header.fingerprint };
  return {
    trust: d.trust,
    signer: {
      fingerprint: header.fingerprint,
      organisation: header.organisation ?? null,
      directoryId: header.directoryId ?? null,
      via: d.via,
      trustedAncestor: d.trustedAncestor,
      trustedAs: d.trustedAs,
    },
  };
}
