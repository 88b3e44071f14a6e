import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SessionView } from '@shared/domain/session';
import type { Err, Result } from '@shared/result';
import { sessionsApi, type AllSessionsFilter } from '@/api/sessions.api';

/** Sign-in sessions: the caller's own, and everybody's for administrators. */
export const useSessionsStore = defineStore('sessions', () => {
  const mine = ref<SessionView[]>([]);
  const all = ref<SessionView[]>([]);
  const loading = ref(false);
  const error = ref<Err | null>(null);

  async function load<T>(request: () => Promise<Result<T>>, apply: (value: T) => void): Promise<void> {
    loading.value = true;
    const result = await request();
    loading.value = false;
    if (!result.ok) {
      error.value = result;
      return;
    }
    error.value = null;
    apply(result.value);
  }

  // The current session first, then the most recently used.
  const order = (list: SessionView[]) =>
    [...list].sort(
      (a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt),
    );

  const loadMine = () => load(sessionsApi.listMine, (v) => (mine.value = order(v)));
  const loadAll = (filter: AllSessionsFilter) =>
    load(
      () => sessionsApi.listAll(filter),
      (v) => (all.value = v),
    );

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
    await loadAll(filter);
    return r.ok ? null : r;
  }

  return { mine, all, loading, error, loadMine, loadAll, revoke, revokeOthers, revokeAny };
});
