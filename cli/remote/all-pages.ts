import type { Page } from '../../shared/domain/user';

/** The largest page the paged listing channels accept (shared/ipc/schemas.ts pageRequest). */
export const MAX_PAGE_SIZE = 500;

/**
 * Every item of a paged listing channel, fetched page by page at the largest page size (a CLI
 * listing prints everything). Stops at the first short or empty page, so rows added while it
 * reads cannot make it loop forever.
 */
export async function allPages<T>(
  fetchPage: (page: number, pageSize: number) => Promise<Page<T>>,
): Promise<T[]> {
  const out: T[] = [];
  for (let page = 1; ; page++) {
    const p = await fetchPage(page, MAX_PAGE_SIZE);
    out.push(...p.items);
    if (p.items.length < MAX_PAGE_SIZE || out.length >= p.total) return out;
  }
}
