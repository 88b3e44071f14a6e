import { defineStore } from 'pinia';
import { ref, watch } from 'vue';
import type { Language } from '@shared/domain/language';
import type { Result } from '@shared/result';
import { i18n } from '@/i18n';
import { osLanguage } from '@/i18n/os-language';
import { languageApi } from '@/api/language.api';
import { useAuthStore } from './auth.store';

/**
 * The window's language: the signed-in person's choice (kept in their account), else the one
 * picked on the sign-in page just before, else the OS language. Switching while signed in saves
 * it to the account; signing out leaves the window in the language it was just used in.
 */
export const useLanguageStore = defineStore('language', () => {
  const auth = useAuthStore();
  const current = ref<Language>(osLanguage());
  /** Picked on the sign-in page since the last sign-in; null when none. */
  let signedOutChoice: Language | null = null;

  function apply(language: Language): void {
    current.value = language;
    i18n.global.locale.value = language;
    document.documentElement.lang = language;
  }

  /** Picks the language for whoever is in the window now. */
  function sync(previousId: number | undefined): void {
    const user = auth.user;
    if (user) {
      apply(user.language ?? signedOutChoice ?? osLanguage());
      signedOutChoice = null;
    } else if (previousId === undefined) apply(signedOutChoice ?? osLanguage());
  }

  /** Switches the language; signed in, it is saved to the account (the Result says if that failed). */
  async function choose(language: Language): Promise<Result<unknown>> {
    apply(language);
    const user = auth.user;
    if (!user) {
      signedOutChoice = language;
      return { ok: true, value: null };
    }
    const result = await languageApi.set(language);
    if (result.ok && auth.user?.id === user.id) auth.user.language = result.value.language;
    return result;
  }

  watch(
    () => [auth.user?.id, auth.user?.language] as const,
    (_now, previous) => {
      sync(previous?.[0]);
    },
    { immediate: true },
  );

  return { current, choose };
});
