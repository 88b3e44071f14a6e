import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AccountOverview } from '@shared/ipc/contracts/account.contract';
import type { Err } from '@shared/result';
import { accountApi } from '@/api/account.api';

/** The caller's own authorization settings (email, password, notices). */
export const useMySecurityStore = defineStore('my-security', () => {
  const overview = ref<AccountOverview | null>(null);
  const error = ref<Err | null>(null);

  async function load(): Promise<void> {
    const r = await accountApi.overview();
    if (r.ok) {
      overview.value = r.value;
      error.value = null;
    } else error.value = r;
  }

  return { overview, error, load };
});
