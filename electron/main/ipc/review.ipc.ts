import type { DesktopServices } from '../services/desktop';
import type { HandlerMap } from './handler';

type ReviewChannel = Extract<keyof HandlerMap, `review:${string}`>;

/** review:* channels: offline review of an export file and the trusted signers; no sign-in needed. */
export function reviewHandlers(s: DesktopServices): Pick<HandlerMap, ReviewChannel> {
  return {
    'review:open': async () => {
      const path = await s.fileDialog.chooseOpenPath({ title: 'Audit export', extensions: ['jsonl'] });
      return path ? s.review.start(path) : null;
    },
    'review:openPending': async () => {
      const path = s.pendingReview.take();
      return path ? s.review.start(path) : null;
    },
    'review:status': ({ id }) => Promise.resolve(s.review.status(id)),
    'review:cancel': async ({ id }) => {
      await s.review.cancel(id);
      return null;
    },
    'review:list': ({ id, ...q }) => s.review.page(id, q),
    'review:timeline': ({ id, filter }) => s.review.timeline(id, filter),
    'review:close': async ({ id }) => {
      await s.review.close(id);
      return null;
    },
    'review:trustedSigners': () => Promise.resolve(s.review.trustedSigners()),
    'review:trustSigner': ({ fingerprint, organisation }) =>
      Promise.resolve(s.review.trustSigner(fingerprint, organisation)),
    'review:importSignerFile': async () => {
      const path = await s.fileDialog.chooseOpenPath({ title: 'Public signing key', extensions: ['json'] });
      return path ? s.review.importSignerFile(path) : null;
    },
    'review:removeTrustedSigner': ({ fingerprint }) => {
      s.review.removeTrustedSigner(fingerprint);
      return Promise.resolve(null);
    },
  };
}
