import { defineStore } from 'pinia';
import { computed } from 'vue';
import type { ApiTokenView } from '@shared/ipc/contracts/tokens.contract';
import type { Result } from '@shared/result';
import { tokensApi, type CreateTokenInput } from '@/api/tokens.api';
import { useList } from '@/composables/use-list';

/** API tokens: the caller's own (card and "Add token" dialog), and everybody's for administrators. */
export const useTokensStore = defineStore('tokens', () => {
  const mine = useList<ApiTokenView, object>({ query: {}, fetch: () => tokensApi.listMine() });
  const all = useList<ApiTokenView, { user: string }>({
    query: { user: '' },
    pageSize: 50,
    pageSizes: [20, 50, 100, 200],
    fetch: (q) => tokensApi.listAll(q.user.trim() || undefined, { page: q.page, pageSize: q.pageSize }),
  });

  /** Creates one of the caller's tokens and refreshes their list; the secret is in the answer. */
  async function create(input: CreateTokenInput) {
    const r = await tokensApi.create(input);
    if (r.ok) await mine.load();
    return r;
  }

  /** Revokes one of the caller's tokens and refreshes their list. */
  async function revoke(id: number): Promise<Result<unknown>> {
    const r = await tokensApi.revoke(id);
    await mine.load();
    return r;
  }

  /** Administrators: revokes anyone's token and refreshes the list of all. */
  async function revokeAny(id: number): Promise<Result<unknown>> {
    const r = await tokensApi.revokeAny(id);
    await all.load();
    return r;
  }

  return {
    mine: mine.items,
    all: all.items,
    loading: computed(() => mine.busy.value || all.busy.value),
    error: computed(() => mine.error.value ?? all.error.value),
    loadMine: () => mine.load(),
    loadAll: (user = '') => all.setQuery({ user }),
    /** Naive UI paging of the administrators' list (page, size, item count from main's total). */
    allPagination: all.pagination,
    /** Everybody's tokens that match, across all pages. */
    allTotal: all.total,
    /** Shows another page (or page size) of the administrators' list. */
    setAllPage: (page: number, pageSize?: number) => all.setPage(page, pageSize),
    create,
    revoke,
    revokeAny,
  };
});
