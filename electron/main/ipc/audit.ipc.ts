import type { Services } from '../services/services';
import type { AuditFilter, AuditPage } from '../../../shared/domain/audit';
import { AppError } from '../../../shared/result';
import { signedIn, type HandlerMap } from './handler';

type AuditChannels =
  | 'audit:list'
  | 'audit:mine'
  | 'audit:timeline'
  | 'audit:mineTimeline'
  | 'audit:export'
  | 'audit:exportStatus'
  | 'audit:exportCancel'
  | 'audit:signingKey';

interface PageInput {
  filter: AuditFilter;
  before?: number | undefined;
  after?: number | undefined;
  pageSize: number;
  withCount?: boolean | undefined;
}

/** A page, or (with `after`) the rows that arrived since. */
async function pageOrNewer(s: Services, q: PageInput): Promise<AuditPage> {
  if (q.after !== undefined)
    return { items: await s.audit.newer(q.filter, q.after), nextCursor: null, approxTotal: null };
  return s.audit.page(q);
}

/** audit:* channels: the live log (everyone's or one's own), its chart and signed exports. */
export function auditHandlers(s: Services): Pick<HandlerMap, AuditChannels> {
  return {
    'audit:list': (input) => pageOrNewer(s, input),
    'audit:mine': (input, ctx) => {
      const { user } = signedIn(ctx);
      return pageOrNewer(s, { ...input, filter: { ...input.filter, user: undefined, userId: user.id } });
    },
    'audit:timeline': (input) => s.audit.timeline(input.filter),
    'audit:mineTimeline': (input, ctx) =>
      s.audit.timeline({ ...input.filter, user: undefined, userId: signedIn(ctx).user.id }),
    'audit:export': async (input, ctx) => {
      const { actor } = signedIn(ctx);
      const out = await s.fileDialog.chooseSavePath(s.auditExport.saveDialog(input.format));
      if (!out) return null;
      return s.auditExport.start({
        filter: input.filter,
        format: input.format,
        bom: input.bom,
        out,
        actor,
        client: ctx.client,
        exportedBy: actor.username,
      });
    },
    'audit:exportStatus': (input) => {
      const status = s.auditExport.status(input.id);
      if (!status) return Promise.reject(new AppError('not_found', 'No such export.'));
      return Promise.resolve(status);
    },
    'audit:exportCancel': (input) => Promise.resolve({ cancelled: s.auditExport.cancel(input.id) }),
    'audit:signingKey': () => s.auditExport.signingKey(),
  };
}
