import { basename } from 'node:path';
import type { Services } from '../services/services';
import type { HandlerMap } from './handler';

/** review:* channels: offline review of an export file, no sign-in needed. */
export function reviewHandlers(
  s: Services,
): Pick<HandlerMap, 'review:open' | 'review:list' | 'review:timeline' | 'review:close'> {
  return {
    'review:open': async () => {
      const path = await s.fileDialog.chooseOpenPath({ title: 'Audit export', extensions: ['jsonl'] });
      if (!path) return null;
      const r = await s.review.load(path);
      return {
        id: r.id,
        fileName: basename(path),
        verdict: r.verdict,
        loaded: r.loaded,
        exportedFilter: r.exportedFilter,
      };
    },
    'review:list': async ({ id, ...q }) =>
      q.after !== undefined ? { items: [], nextCursor: null, approxTotal: null } : s.review.page(id, q),
    'review:timeline': ({ id, filter }) => s.review.timeline(id, filter),
    'review:close': async ({ id }) => {
      await s.review.close(id);
      return null;
    },
  };
}
