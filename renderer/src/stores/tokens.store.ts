import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { ApiTokenView } from '@shared/ipc/contracts/tokens.contract';
import type { Err } from '@shared/result';
import { tokensApi } from '@/api/tokens.api';

/** API tokens: the caller's own, and everybody's for administrators. */
export const useTokensStore = defineStore('tokens', () => {
  const mine = ref<ApiTokenView[]>([]);
  const all = ref<ApiTokenView[]>([]);
  const loading = ref(false);
  const error = ref<Err | null>(null);

  async function loadMine(): Promise<void> {
    loading.value = true;
    const r = await tokensApi.listMine();
    loading.value = false;
    if (r.ok) {
      mine.value = r.value;
      error.value = null;
    } else error.value = r;
  }

  async function loadAll(user?: string): Promise<void> {
    loading.value = true;
    const r = await tokensApi.listAll(user);
    loading.value = false;
    if (r.ok) {
      all.value = r.value;
      error.value = null;
    } else error.value = r;
  }

  return { mine, all, loading, error, loadMine, loadAll };
});
