import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { OutboxCounts, OutboxItemView, OutboxStatusName } from '@shared/domain/delivery';
import type { Result } from '@shared/result';
import { deliveryApi } from '@/api/delivery.api';
import { useList } from '@/composables/use-list';

/** Filters of the Outbox page. */
export interface OutboxFilter {
  status: OutboxStatusName | null;
  channel: 'email' | 'sms' | null;
  search: string;
}

const NO_COUNTS: OutboxCounts = { pending: 0, sending: 0, sent: 0, failed: 0, cancelled: 0 };
const FILTERS: OutboxFilter = { status: null, channel: null, search: '' };

/** The Outbox page's list (settings forms keep their own state: they are edited, not shared). */
export const useDeliveryStore = defineStore('delivery', () => {
  const counts = ref<OutboxCounts>({ ...NO_COUNTS });
  const list = useList<OutboxItemView, OutboxFilter>({
    query: FILTERS,
    pageSize: 50,
    pageSizes: [20, 50, 100, 200],
    // `background` for the page's timer, which must not keep the session alive.
    fetch: async (q, { background }) => {
      const input = {
        ...(q.status ? { status: q.status } : {}),
        ...(q.channel ? { channel: q.channel } : {}),
        ...(q.search.trim() ? { search: q.search.trim() } : {}),
        page: q.page,
        pageSize: q.pageSize,
      };
      const r = background ? await deliveryApi.outboxInBackground(input) : await deliveryApi.outbox(input);
      if (r.ok) counts.value = r.value.counts;
      return r;
    },
  });

  /** Retries or cancels one message, then reloads the list. */
  async function act(kind: 'retry' | 'cancel', id: number): Promise<Result<OutboxItemView>> {
    const r = kind === 'retry' ? await deliveryApi.retry(id) : await deliveryApi.cancel(id);
    await list.load();
    return r;
  }

  return {
    query: list.query,
    items: list.items,
    counts,
    total: list.total,
    pagination: list.pagination,
    loading: list.busy,
    error: list.error,
    load: list.load,
    setFilter: list.setQuery,
    setPage: list.setPage,
    act,
  };
});
