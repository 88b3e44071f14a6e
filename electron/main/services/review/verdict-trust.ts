import type { ExportVerdict } from '../../../../shared/domain/audit';
import type { TrustedSignerView } from '../../../../shared/ipc/contracts/review.contract';

/**
 * Re-reads an intact verdict's trust after the trusted-signers list changed, without reading the
 * file again (it may have changed since; the rows shown are those verified). Only direct trust is
 * decided here: an unknown signer becomes trusted when its own fingerprint was added; a verdict
 * trusted through an entry that was removed becomes unknown. Anything else keeps its verdict.
 */
export function retrust(verdict: ExportVerdict, list: TrustedSignerView[]): ExportVerdict {
  // A verifier of format 1 gave no signer: nothing to re-read.
  if (verdict.status !== 'intact' || (verdict.signer as typeof verdict.signer | undefined) === undefined)
    return verdict;
  const find = (fp: string | null) => (fp ? (list.find((t) => t.fingerprint === fp) ?? null) : null);
  const { signer } = verdict;
  if (verdict.trust === 'unknown') {
    const entry = find(verdict.fingerprint);
    if (!entry || entry.revoked.some((r) => r.fingerprint === verdict.fingerprint)) return verdict;
    return {
      ...verdict,
      trust: 'trusted',
      signer: { ...signer, via: 'trusted', trustedAncestor: null, trustedAs: entry.organisation },
    };
  }
  const basis =
    signer.via === 'successor'
      ? signer.trustedAncestor
      : signer.via === 'trusted'
        ? verdict.fingerprint
        : null;
  if (basis === null || find(basis)) return verdict;
  return {
    ...verdict,
    trust: 'unknown',
    signer: { ...signer, via: null, trustedAncestor: null, trustedAs: null },
  };
}
