import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type {
  ReviewOpened,
  ReviewStatusView,
  TrustedSignerView,
} from '@shared/ipc/contracts/review.contract';
import type { Err, Result } from '@shared/result';
import { reviewApi } from '@/api/review.api';
import type { AuditSource } from '@/composables/use-audit-browser';

/** How often the banner asks for progress while a file loads. */
const POLL_MS = 200;
/** How often the table looks for rows that arrived while the file loads. */
const ROWS_MS = 1000;

/** The offline review: the open file's progress and verdict, and this OS user's trusted signers. */
export const useReviewStore = defineStore('review', () => {
  const status = shallowRef<ReviewStatusView | null>(null);
  const opening = ref(false);
  const error = shallowRef<Err | null>(null);
  const signers = shallowRef<TrustedSignerView[]>([]);
  let timer: ReturnType<typeof setTimeout> | null = null;

  const loading = computed(() => status.value?.state === 'loading');
  /** 0–100, from bytes read. */
  const percent = computed(() => {
    const s = status.value;
    if (!s || s.totalBytes === 0) return s?.state === 'loading' ? 0 : 100;
    return Math.min(100, Math.floor((s.bytes / s.totalBytes) * 100));
  });

  function stopPolling(): void {
    if (timer) clearTimeout(timer);
    timer = null;
  }

  /** Reads the status once; keeps polling while the file loads. */
  async function refresh(): Promise<void> {
    const current = status.value;
    if (!current) return;
    const r = await reviewApi.status(current.id);
    if (status.value?.id !== current.id) return;
    if (!r.ok) {
      error.value = r;
      stopPolling();
      return;
    }
    status.value = r.value;
    stopPolling();
    if (r.value.state === 'loading') timer = setTimeout(() => void refresh(), POLL_MS);
  }

  async function begin(request: () => Promise<Result<ReviewOpened | null>>): Promise<void> {
    opening.value = true;
    error.value = null;
    const r = await request();
    opening.value = false;
    if (!r.ok) {
      error.value = r;
      return;
    }
    if (!r.value) return;
    await close();
    const { id, fileName } = r.value;
    status.value = {
      ...{ id, fileName, state: 'loading', bytes: 0, totalBytes: 0, events: 0, loaded: 0 },
      ...{ verdict: null, header: null, error: null },
    };
    await refresh();
  }

  /** Asks main for a file (its dialog) and starts the review. */
  const open = () => begin(reviewApi.open);
  /** Opens the file the app was started with, if any. */
  const openPending = () => begin(reviewApi.openPending);

  /** Stops the load; its temporary files are deleted. */
  async function cancel(): Promise<void> {
    const s = status.value;
    if (!s) return;
    const r = await reviewApi.cancel(s.id);
    if (!r.ok) error.value = r;
    await refresh();
  }

  /** Closes the review (main deletes its temporary database). */
  async function close(): Promise<void> {
    stopPolling();
    const s = status.value;
    status.value = null;
    if (s) await reviewApi.close(s.id);
  }

  /** Where the table's rows come from; new rows are picked up while the file still loads. */
  function source(s: ReviewStatusView): AuditSource {
    const base: AuditSource = {
      list: (q) => reviewApi.list(s.id, q),
      timeline: (f) => reviewApi.timeline(s.id, f),
    };
    return s.state === 'loading'
      ? { ...base, live: { everyMs: ROWS_MS, list: (q) => reviewApi.listInBackground(s.id, q) } }
      : base;
  }

  async function loadSigners(): Promise<Result<TrustedSignerView[]>> {
    const r = await reviewApi.trustedSigners();
    if (r.ok) signers.value = r.value;
    return r;
  }

  /** After the list changed: the open review's verdict is read again against it. */
  async function afterTrustChange<T>(r: Result<T>): Promise<Result<T>> {
    if (r.ok) await Promise.all([loadSigners(), refresh()]);
    return r;
  }

  const trust = async (fingerprint: string, organisation: string) =>
    afterTrustChange(await reviewApi.trustSigner(fingerprint, organisation));
  const importSignerFile = async () => afterTrustChange(await reviewApi.importSignerFile());
  const removeSigner = async (fingerprint: string) =>
    afterTrustChange(await reviewApi.removeTrustedSigner(fingerprint));

  return {
    status,
    opening,
    error,
    signers,
    loading,
    percent,
    open,
    openPending,
    cancel,
    close,
    refresh,
    source,
    loadSigners,
    trust,
    importSignerFile,
    removeSigner,
  };
});
