import type { ExportVerdict } from '../../../../shared/domain/audit';
import type { TrustedSignerView } from '../../../../shared/ipc/contracts/review.contract';
import type { ExportHeader } from '../audit/export-format';
import { trustVerdict } from '../audit/signer-trust';

/**
 * Re-decides an open review's trust after the trusted-signers list changed, from the header that
 * verified (its key history included) and without reading the file again: it may have changed
 * since, and the rows shown are those verified. Only intact and refused verdicts (an intact chain
 * either way) are re-decided; altered and not-an-export stay as they are.
 */
export function retrust(
  verdict: ExportVerdict,
  header: ExportHeader | null,
  events: number,
  list: TrustedSignerView[],
): ExportVerdict {
  if (!header || (verdict.status !== 'intact' && verdict.status !== 'refused')) return verdict;
  const decided = trustVerdict(header, list);
  if ('status' in decided) return decided;
  const base =
    verdict.status === 'intact'
      ? verdict
      : {
          status: 'intact' as const,
          events,
          fingerprint: header.fingerprint,
          exportedAt: header.exportedAt,
          exportedBy: header.exportedBy,
          scope: {
            version: header.version,
            filter: header.filter,
            exportedAt: header.exportedAt,
            exportedBy: header.exportedBy,
            events,
          },
        };
  return { ...base, trust: decided.trust, signer: decided.signer };
}
