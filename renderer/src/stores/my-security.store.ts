import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { AccountOverview } from '@shared/ipc/contracts/account.contract';
import type { Err, Result } from '@shared/result';
import { accountApi, type ChangePasswordInput } from '@/api/account.api';

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

  /** Runs an account change, then reloads the overview the page's sections show. */
  async function change<T>(request: () => Promise<Result<T>>): Promise<Result<T>> {
    const r = await request();
    await load();
    return r;
  }

  return {
    overview,
    error,
    load,
    changePassword: (input: ChangePasswordInput) => change(() => accountApi.changePassword(input)),
    requestEmailChange: (email: string) => change(() => accountApi.requestEmailChange(email)),
    confirmEmailChange: (code: string) => change(() => accountApi.confirmEmailChange(code)),
    cancelEmailChange: () => change(() => accountApi.cancelEmailChange()),
    setNotifyBlocking: (enabled: boolean) => change(() => accountApi.setNotifyBlocking(enabled)),
  };
});
