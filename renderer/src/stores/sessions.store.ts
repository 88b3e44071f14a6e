import { defineStore } from 'pinia';
import { computed } from 'vue';
import type { SessionView } from '@shared/domain/session';
import type { Err, Result } from '@shared/result';
import { sessionsApi, type AllSessionsFilter } from '@/api/sessions.api';
import { useList } from '@/composables/use-list';

// The current session first, then the most recently used.
const order = (list: SessionView[]) =>
  [...list].sort((a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt));

/** Sign-in sessions: the caller's own (own page and header), and everybody's for administrators. */
export const useSessionsStore = defineStore('sessions', () => {
  const mine = useList<SessionView, object>({
    query: {},
    fetch: async () => {
      const r = await sessionsApi.listMine();
      return r.ok ? { ok: true, value: order(r.value) } : r;
    },
  });
  const all = useList<SessionView, { filter: AllSessionsFilter }>({
    query: { filter: {} },
    pageSize: 50,
    pageSizes: [20, 50, 100, 200],
    fetch: (q) => sessionsApi.listAll({ ...q.filter, page: q.page, pageSize: q.pageSize }),
  });

  const loadMine = () => mine.load();
  const loadAll = (filter: AllSessionsFilter) => all.setQuery({ filter });

  /** Ends one own session; refreshes the list. Returns the failure, if any. */
  async function revoke(id: string): Promise<Err | null> {
    const r = await sessionsApi.revoke(id);
    await loadMine();
    return r.ok ? null : r;
  }

  async function revokeOthers(): Promise<Result<{ count: number }>> {
    const r = await sessionsApi.revokeOthers();
    await loadMine();
    return r;
  }

  async function revokeAny(id: string, filter: AllSessionsFilter): Promise<Err | null> {
    const r = await sessionsApi.revokeAny(id);
    // Stays on the page shown unless the filter changed (then page 1).
    if (JSON.stringify(filter) === JSON.stringify(all.query.filter)) await all.load();
    else await loadAll(filter);
    return r.ok ? null : r;
  }

  return {
    mine: mine.items,
    all: all.items,
    loading: computed(() => mine.busy.value || all.busy.value),
    error: computed(() => mine.error.value ?? all.error.value),
    loadMine,
    loadAll,
    /** Naive UI paging of the administrators' list (page, size, item count from main's total). */
    allPagination: all.pagination,
    /** Everybody's live sessions that match, across all pages. */
    allTotal: all.total,
    /** Shows another page (or page size) of the administrators' list. */
    setAllPage: (page: number, pageSize?: number) => all.setPage(page, pageSize),
    revoke,
    revokeOthers,
    revokeAny,
  };
});
