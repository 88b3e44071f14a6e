import { describe, expect, it } from 'vitest';
import { isProxy } from 'vue';
import { err, ok, type Result } from '@shared/result';
import { deferred } from '@/testing/scripted-main';
import { useList, type ListPage, type ListQuery } from './use-list';

interface Row {
  id: number;
  name: string;
}
const NAMES = Array.from({ length: 45 }, (_, i) => ({ id: i + 1, name: i % 2 ? `ann${i}` : `bob${i}` }));

/** A server-side list over NAMES: filtered by name, one page at a time. */
function server() {
  const asked: ListQuery<{ search: string }>[] = [];
  const fetch = (q: ListQuery<{ search: string }>): Promise<Result<ListPage<Row>>> => {
    asked.push(q);
    const hits = NAMES.filter((n) => n.name.includes(q.search));
    return Promise.resolve(
      ok({ items: hits.slice((q.page - 1) * q.pageSize, q.page * q.pageSize), total: hits.length }),
    );
  };
  return { asked, fetch };
}

describe('useList', () => {
  it('loads a page: busy while it loads, then items, total and the table paging', async () => {
    const answer = deferred<Result<ListPage<Row>>>();
    const list = useList<Row, object>({ query: {}, pageSize: 10, fetch: () => answer.promise });
    const loading = list.load();
    expect(list.busy.value).toBe(true);
    answer.resolve(ok({ items: NAMES.slice(0, 10), total: 45 }));
    await loading;
    expect(list.busy.value).toBe(false);
    expect(list.items.value.map((r) => r.id)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(list.pagination.value).toMatchObject({ page: 1, pageSize: 10, itemCount: 45 });
  });

  it('pages forward, and a new filter or page size goes back to page 1', async () => {
    const s = server();
    const list = useList({ query: { search: '' }, pageSize: 20, pageSizes: [20, 50], fetch: s.fetch });
    await list.setPage(3);
    expect(list.items.value.map((r) => r.id)).toEqual([41, 42, 43, 44, 45]);
    await list.setQuery({ search: 'ann' });
    expect([list.query.page, list.total.value, list.items.value.length]).toEqual([1, 22, 20]);
    await list.setPage(2);
    await list.setPage(2, 50);
    expect(s.asked.map((q) => [q.search, q.page, q.pageSize])).toEqual([
      ['', 3, 20],
      ['ann', 1, 20],
      ['ann', 2, 20],
      ['ann', 1, 50],
    ]);
    expect(list.items.value).toHaveLength(22);
  });

  it('a slow answer to an older filter never overwrites the newer one', async () => {
    const answers: ReturnType<typeof deferred<Result<ListPage<Row>>>>[] = [];
    const list = useList<Row, { search: string }>({
      query: { search: '' },
      fetch: () => {
        const d = deferred<Result<ListPage<Row>>>();
        answers.push(d);
        return d.promise;
      },
    });
    const old = list.setQuery({ search: 'a' });
    const fresh = list.setQuery({ search: 'an' });
    answers[1]?.resolve(ok([{ id: 2, name: 'ann' }]));
    await fresh;
    answers[0]?.resolve(ok([{ id: 9, name: 'stale' }]));
    await old;
    expect(list.items.value).toEqual([{ id: 2, name: 'ann' }]);
    expect(list.busy.value).toBe(false);
  });

  it('a failed load keeps the rows shown and says what went wrong; the next success clears it', async () => {
    let fail = false;
    const list = useList<Row, object>({
      query: {},
      fetch: () => Promise.resolve(fail ? err('permission_denied', '') : ok([{ id: 1, name: 'ann' }])),
    });
    await list.load();
    fail = true;
    await list.load();
    expect(list.items.value).toHaveLength(1);
    expect(list.errorMessage.value).toBe(
      'Your role does not allow this action. Ask an administrator if you need it.',
    );
    fail = false;
    await list.load();
    expect(list.error.value).toBeNull();
  });

  it('a background load (a timer) is not shown as busy', async () => {
    const answer = deferred<Result<ListPage<Row>>>();
    const seen: boolean[] = [];
    const list = useList<Row, object>({
      query: {},
      fetch: (_q, o) => {
        seen.push(o.background);
        return answer.promise;
      },
    });
    const loading = list.load({ background: true });
    expect(list.busy.value).toBe(false);
    answer.resolve(ok([]));
    await loading;
    expect(seen).toEqual([true]);
  });
});

describe('useList queries', () => {
  it('hands the fetcher plain objects, which IPC can clone (no reactive proxies, nested filters too)', async () => {
    const seen: unknown[] = [];
    const list = useList<Row, { filter: { user?: string } }>({
      query: { filter: {} },
      fetch: (q) => {
        seen.push(q);
        return Promise.resolve(ok([]));
      },
    });
    await list.setQuery({ filter: { user: 'ann' } });
    expect(seen).toHaveLength(1);
    expect(isProxy(seen[0]) || isProxy((seen[0] as { filter: object }).filter)).toBe(false);
    expect(structuredClone(seen[0])).toEqual({ filter: { user: 'ann' }, page: 1, pageSize: 20 });
  });
});
