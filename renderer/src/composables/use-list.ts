import { computed, reactive, ref, shallowRef, toRaw, type UnwrapRef } from 'vue';
import type { Err, Result } from '@shared/result';
import { errorText } from '@/i18n/error-text';

/** One page of a list as main answers it; a plain array is a list without server paging. */
export type ListPage<Item> = Item[] | { items: Item[]; total: number; totalCapped?: boolean };

/** What the fetcher gets: the filters plus page and page size. */
export type ListQuery<Q> = UnwrapRef<Q> & { page: number; pageSize: number };

/** Options of `useList`. */
export interface ListOptions<Item, Q extends object> {
  /** The filters, with their starting values. */
  query: Q;
  fetch: (query: ListQuery<Q>, o: { background: boolean }) => Promise<Result<ListPage<Item>>>;
  pageSize?: number;
  pageSizes?: number[];
}

/**
 * A list's busy, error, items and paging, in the style of soybean-admin's `useTable`
 * (docs/renderer.md). Changing the filters goes back to page 1; changing the page size too.
 * Typing fast fires several requests: only the newest may write the list.
 */
export function useList<Item, Q extends object>(o: ListOptions<Item, Q>) {
  const query = reactive({ ...o.query, page: 1, pageSize: o.pageSize ?? 20 }) as ListQuery<Q>;
  const items = shallowRef<Item[]>([]);
  const total = ref(0);
  const totalCapped = ref(false);
  const busy = ref(false);
  const error = shallowRef<Err | null>(null);
  let latest = 0;

  /** Fetches the current page. A background load (a timer) does not show as busy. */
  async function load(opts: { background?: boolean } = {}): Promise<void> {
    const ticket = ++latest;
    const background = opts.background === true;
    if (!background) busy.value = true;
    // A plain copy: IPC cannot clone Vue's reactive proxies (nested filters included).
    const r = await o.fetch({ ...toRaw(query) }, { background });
    if (ticket !== latest) return;
    busy.value = false;
    if (!r.ok) {
      error.value = r;
      return;
    }
    error.value = null;
    const page = r.value;
    items.value = Array.isArray(page) ? page : page.items;
    total.value = Array.isArray(page) ? page.length : page.total;
    totalCapped.value = !Array.isArray(page) && page.totalCapped === true;
  }

  /** Changes filters, going back to page 1, and reloads. */
  function setQuery(patch: Partial<UnwrapRef<Q>>): Promise<void> {
    Object.assign(query, patch, { page: 1 });
    return load();
  }

  /** Changes page or page size (a new size starts at page 1) and reloads. */
  function setPage(page: number, pageSize = query.pageSize): Promise<void> {
    Object.assign(query, { page: pageSize === query.pageSize ? page : 1, pageSize });
    return load();
  }

  const errorMessage = computed(() => (error.value ? errorText(error.value) : null));
  /** Naive UI's table paging for this list. */
  const pagination = computed(() => ({
    page: query.page,
    pageSize: query.pageSize,
    itemCount: total.value,
    showSizePicker: (o.pageSizes?.length ?? 0) > 1,
    pageSizes: o.pageSizes ?? [query.pageSize],
  }));

  return { query, items, total, totalCapped, busy, error, errorMessage, pagination, load, setQuery, setPage };
}
