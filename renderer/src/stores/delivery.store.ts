import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type { OutboxCounts, OutboxItemView, OutboxStatusName } from '@shared/domain/delivery';
import type { Err, Result } from '@shared/result';
import { deliveryApi } from '@/api/delivery.api';

/** Filters of the Outbox page. */
export interface OutboxFilter {
  status: OutboxStatusName | null;
  channel: 'email' | 'sms' | null;
  search: string;
  page: number;
  pageSize: number;
}

const NO_COUNTS: OutboxCounts = { pending: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };

/** The Outbox page's list (settings forms keep their own state: they are edited, not shared). */
export const useDeliveryStore = defineStore('delivery', () => {
  const query = reactive<OutboxFilter>({ status: null, channel: null, search: '', page: 1, pageSize: 50 });
  const items = ref<OutboxItemView[]>([]);
  const counts = ref<OutboxCounts>({ ...NO_COUNTS });
  const total = ref(0);
  const loading = ref(false);
  const error = ref<Err | null>(null);

  /** Loads the list; `background` for the page's timer, which must not keep the session alive. */
  async function load(o: { background?: boolean } = {}): Promise<void> {
    loading.value = true;
    const input = {
      ...(query.status ? { status: query.status } : {}),
      ...(query.channel ? { channel: query.channel } : {}),
      ...(query.search.trim() ? { search: query.search.trim() } : {}),
      page: query.page,
      pageSize: query.pageSize,
    };
    const r = o.background ? await deliveryApi.outboxInBackground(input) : await deliveryApi.outbox(input);
    loading.value = false;
    if (!r.ok) {
      error.value = r;
      return;
    }
    error.value = null;
    items.value = r.value.items;
    total.value = r.value.total;
    counts.value = r.value.counts;
  }

  async function setFilter(patch: Partial<OutboxFilter>): Promise<void> {
    Object.assign(query, { page: 1 }, patch);
    await load();
  }

  /** Retries or cancels one message, then reloads the list. */
  async function act(kind: 'retry' | 'cancel', id: number): Promise<Result<OutboxItemView>> {
    const r = kind === 'retry' ? await deliveryApi.retry(id) : await deliveryApi.cancel(id);
    await load();
    return r;
  }

  return { query, items, counts, total, loading, error, load, setFilter, act };
});
