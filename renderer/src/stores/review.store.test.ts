import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { ExportVerdict } from '@shared/domain/audit';
import type { ReviewStatusView } from '@shared/ipc/contracts/review.contract';
import { ok } from '@shared/result';
import { scriptedMain } from '@/testing/scripted-main';
import { useReviewStore } from './review.store';

const ID = 'a'.repeat(32);
const FP = 'ab'.repeat(32);

function status(over: Partial<ReviewStatusView>): ReviewStatusView {
  return {
    id: ID,
    fileName: 'x.jsonl',
    state: 'loading',
    bytes: 0,
    totalBytes: 1000,
    events: 0,
    loaded: 0,
    verdict: null,
    header: null,
    error: null,
    ...over,
  };
}

function intact(trust: 'trusted' | 'unknown'): ExportVerdict {
  const scope = { version: 2, filter: {}, exportedAt: '2026-03-02T09:00:00Z', exportedBy: 'ann', events: 3 };
  return {
    status: 'intact',
    trust,
    signer: {
      fingerprint: FP,
      organisation: 'Acme',
      directoryId: 'd1',
      via: trust === 'trusted' ? 'trusted' : null,
      trustedAncestor: null,
      trustedAs: trust === 'trusted' ? 'Acme' : null,
    },
    scope,
    events: 3,
    fingerprint: FP,
    exportedAt: scope.exportedAt,
    exportedBy: 'ann',
  };
}

describe('review store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('polls the status while the file loads, shows the percentage, and stops when it is done', async () => {
    const answers = [
      status({ bytes: 420, events: 10, loaded: 10 }),
      status({ bytes: 1000, events: 3, loaded: 3, verdict: intact('unknown') }),
      status({ state: 'done', bytes: 1000, events: 3, loaded: 3, verdict: intact('unknown') }),
    ];
    const main = scriptedMain({
      'review:open': () => ok({ id: ID, fileName: 'x.jsonl' }),
      'review:status': () => ok(answers.shift() ?? status({ state: 'done' })),
    });
    const store = useReviewStore();
    await store.open();
    expect(store.percent).toBe(42);
    expect(store.source(store.status ?? status({})).live).toBeDefined();
    await vi.advanceTimersByTimeAsync(200);
    expect(store.status?.verdict?.status).toBe('intact');
    await vi.advanceTimersByTimeAsync(200);
    expect(store.status?.state).toBe('done');
    const polls = main.count('review:status');
    await vi.advanceTimersByTimeAsync(2000);
    expect(main.count('review:status')).toBe(polls);
    // Done: the table no longer looks for arriving rows.
    expect(store.source(store.status ?? status({})).live).toBeUndefined();
  });

  it('trusting a signer reloads the list and the verdict; a cancelled dialog opens nothing', async () => {
    let trusted = false;
    const main = scriptedMain({
      'review:open': () => ok(null),
      'review:openPending': () => ok({ id: ID, fileName: 'x.jsonl' }),
      'review:status': () => ok(status({ state: 'done', verdict: intact(trusted ? 'trusted' : 'unknown') })),
      'review:trustSigner': (input) => {
        trusted = true;
        return ok({
          ...input,
          publicKey: null,
          directoryId: null,
          addedAt: '2026-03-02T09:00:00Z',
          revoked: [],
        });
      },
      'review:trustedSigners': () => ok([]),
      'review:close': () => ok(null),
    });
    const store = useReviewStore();
    await store.open();
    expect(store.status).toBeNull();
    await store.openPending();
    expect(store.status?.verdict).toMatchObject({ trust: 'unknown' });
    const r = await store.trust(FP, 'Acme');
    expect(r.ok).toBe(true);
    expect(store.status?.verdict).toMatchObject({ trust: 'trusted' });
    expect(main.count('review:trustedSigners')).toBe(1);
    await store.close();
    expect(main.calls.at(-1)).toEqual({ channel: 'review:close', input: { id: ID } });
  });
});
