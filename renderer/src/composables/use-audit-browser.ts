import { onBeforeUnmount, reactive, ref } from 'vue';
import type { AuditEventView, AuditPage, AuditTimeline } from '@shared/domain/audit';
import type { Err, Result } from '@shared/result';
import type { AuditFilterInput, AuditQuery } from '@/api/audit.api';

/** Where the rows come from: the live log (everyone's or one's own) or an opened export. */
export interface AuditSource {
  list(query: AuditQuery): Promise<Result<AuditPage>>;
  timeline(filter: AuditFilterInput): Promise<Result<AuditTimeline>>;
  /**
   * Live log only: poll for new rows every `everyMs` with `list`, a background call that does
   * not count as activity (a window left open here is still signed out when idle).
   */
  live?: { everyMs: number; list(query: AuditQuery): Promise<Result<AuditPage>> };
}

/** The filter form's state; empty strings mean "any". */
export interface FilterState {
  user: string;
  codeOrGroup: string;
  range: [number, number] | null;
  ip: string;
  text: string;
}

/** Turns the form into a request filter. */
export function toFilter(f: FilterState): AuditFilterInput {
  const out: AuditFilterInput = {};
  if (f.user.trim()) out.user = f.user.trim();
  if (f.codeOrGroup.startsWith('group:')) out.group = f.codeOrGroup.slice(6) as AuditFilterInput['group'];
  else if (f.codeOrGroup.trim()) out.code = f.codeOrGroup.trim();
  if (f.range) {
    out.from = new Date(f.range[0]).toISOString();
    out.to = new Date(f.range[1]).toISOString();
  }
  if (f.ip.trim()) out.ip = f.ip.trim();
  if (f.text.trim()) out.text = f.text.trim();
  return out;
}

/** Keyset paging, capped counts, the timeline and live arrival over one source. */
export function useAuditBrowser(source: AuditSource, pageSize = 50) {
  const form = reactive<FilterState>({ user: '', codeOrGroup: '', range: null, ip: '', text: '' });
  const items = ref<AuditEventView[]>([]);
  const total = ref<{ count: number; capped: boolean } | null>(null);
  const timeline = ref<AuditTimeline | null>(null);
  const loading = ref(false);
  const error = ref<Err | null>(null);
  const arrived = ref(0);
  /** Cursors of the pages before the current one (for "Newer"). */
  const cursors = ref<(number | undefined)[]>([]);
  const current = ref<number | undefined>(undefined);
  const nextCursor = ref<number | null>(null);
  let ticket = 0;
  let timer: ReturnType<typeof setInterval> | null = null;

  async function fetchPage(before: number | undefined, withCount: boolean): Promise<void> {
    const mine = ++ticket;
    loading.value = true;
    const filter = toFilter(form);
    const r = await source.list({ filter, before, pageSize, withCount });
    if (mine !== ticket) return;
    loading.value = false;
    if (!r.ok) {
      error.value = r;
      return;
    }
    error.value = null;
    items.value = r.value.items;
    nextCursor.value = r.value.nextCursor;
    current.value = before;
    if (r.value.approxTotal) total.value = r.value.approxTotal;
  }

  async function loadTimeline(): Promise<void> {
    const r = await source.timeline(toFilter(form));
    if (r.ok) timeline.value = r.value;
  }

  /** Applies the form: back to the newest page, with a fresh count and chart. */
  async function apply(): Promise<void> {
    cursors.value = [];
    arrived.value = 0;
    await Promise.all([fetchPage(undefined, true), loadTimeline()]);
  }

  async function older(): Promise<void> {
    if (nextCursor.value === null) return;
    cursors.value.push(current.value);
    await fetchPage(nextCursor.value, false);
  }

  async function newer(): Promise<void> {
    if (cursors.value.length === 0) return;
    await fetchPage(cursors.value.pop(), false);
  }

  const onNewest = (): boolean => current.value === undefined;

  /** Live arrival: on the newest page, prepend rows that arrived since. */
  async function poll(): Promise<void> {
    if (current.value !== undefined || loading.value) return;
    const top = items.value[0]?.id ?? 0;
    if (!source.live) return;
    const r = await source.live.list({ filter: toFilter(form), after: top, pageSize });
    if (!r.ok || r.value.items.length === 0 || !onNewest()) return;
    const fresh = r.value.items.filter((e) => e.id > (items.value[0]?.id ?? 0));
    if (fresh.length === 0) return;
    arrived.value += fresh.length;
    items.value = [...fresh, ...items.value].slice(0, pageSize);
    if (total.value && !total.value.capped)
      total.value = { ...total.value, count: total.value.count + fresh.length };
  }

  if (source.live) timer = setInterval(() => void poll(), source.live.everyMs);
  onBeforeUnmount(() => {
    if (timer) clearInterval(timer);
  });

  return {
    form,
    items,
    total,
    timeline,
    loading,
    error,
    arrived,
    cursors,
    nextCursor,
    apply,
    older,
    newer,
    poll,
  };
}
