import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SessionView } from '@shared/domain/session';
import type { Err } from '@shared/result';
import { sessionsApi } from '@/api/sessions.api';

/** Sign-in sessions: for now the caller's own. */
export const useSessionsStore = defineStore('sessions', () => {
  const mine = ref<SessionView[]>([]);
  const loading = ref(false);
  const error = ref<Err | null>(null);

  async function loadMine(): Promise<void> {
    loading.value = true;
    const result = await sessionsApi.listMine();
    loading.value = false;
    if (!result.ok) {
      error.value = result;
      return;
    }
    error.value = null;
    // The current session first, then the most recently used.
    mine.value = [...result.value].sort(
      (a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt),
    );
  }

  return { mine, loading, error, loadMine };
});
