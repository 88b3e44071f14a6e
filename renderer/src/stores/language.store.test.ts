import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { nextTick } from 'vue';
import { createPinia, setActivePinia } from 'pinia';
import type { CurrentUser } from '@shared/domain/user';
import type { Language } from '@shared/domain/language';
import { err, ok } from '@shared/result';
import { i18n } from '@/i18n';
import { osLanguage } from '@/i18n/os-language';
import { scriptedMain, settle } from '@/testing/scripted-main';
import { useAuthStore } from './auth.store';
import { useLanguageStore } from './language.store';

const ann = (language: Language | null): CurrentUser => ({
  id: 1,
  username: 'ann',
  displayName: 'Ann',
  email: 'ann@example.com',
  role: 'member',
  permissions: [],
  mustChangePassword: false,
  language,
});

function osSpeaks(...tags: string[]) {
  vi.spyOn(navigator, 'languages', 'get').mockReturnValue(tags);
}

beforeEach(() => {
  setActivePinia(createPinia());
});
afterEach(() => {
  vi.restoreAllMocks();
  i18n.global.locale.value = 'en';
});

describe('the window’s language', () => {
  it('follows the OS before anyone signs in, taking the first language Portcullis speaks', () => {
    expect(osLanguage(['de-DE', 'ru-RU', 'en'])).toBe('ru');
    expect(osLanguage(['es_MX'])).toBe('es');
    expect(osLanguage(['de', 'fr'])).toBe('en');
    osSpeaks('ru-RU', 'en-US');
    const language = useLanguageStore();
    expect(language.current).toBe('ru');
    expect(i18n.global.locale.value).toBe('ru');
    expect(document.documentElement.lang).toBe('ru');
  });

  it('uses the signed-in person’s own language over the OS one, and the OS one when they have none', async () => {
    osSpeaks('es-ES');
    const auth = useAuthStore();
    const language = useLanguageStore();
    auth.completeSignIn(ann('ru'));
    await nextTick();
    expect(language.current).toBe('ru');
    auth.clear();
    await nextTick();
    // Signed out: the sign-in page stays in the language the window was just used in.
    expect(language.current).toBe('ru');
    auth.completeSignIn({ ...ann(null), id: 2, username: 'bob' });
    await nextTick();
    // Bob chose nothing: the OS language, not Ann's.
    expect(language.current).toBe('es');
  });

  it('keeps a language picked on the sign-in page for someone who has none', async () => {
    osSpeaks('en-US');
    const auth = useAuthStore();
    const language = useLanguageStore();
    await language.choose('ru');
    auth.completeSignIn(ann(null));
    await nextTick();
    expect(language.current).toBe('ru');
    auth.clear();
    await nextTick();
    auth.completeSignIn({ ...ann('es'), id: 2 });
    await nextTick();
    expect(language.current).toBe('es');
  });

  it('saves a switch to the account and keeps it on the signed-in user', async () => {
    osSpeaks('en-US');
    const main = scriptedMain({ 'account:setLanguage': (input) => ok({ language: input.language }) });
    const auth = useAuthStore();
    const language = useLanguageStore();
    auth.completeSignIn(ann(null));
    await nextTick();
    const result = await language.choose('ru');
    expect(result.ok).toBe(true);
    expect(main.calls).toEqual([{ channel: 'account:setLanguage', input: { language: 'ru' } }]);
    expect(auth.user?.language).toBe('ru');
    expect(i18n.global.t('header.signOut')).toBe('Выйти');
  });

  it('still switches the window when saving fails, and reports the failure', async () => {
    scriptedMain({ 'account:setLanguage': () => err('internal', 'disk full') });
    const auth = useAuthStore();
    const language = useLanguageStore();
    auth.completeSignIn(ann('en'));
    await nextTick();
    const result = await language.choose('es');
    await settle();
    expect(result.ok).toBe(false);
    expect(language.current).toBe('es');
    expect(auth.user?.language).toBe('en');
  });

  it('asks main nothing when nobody is signed in', async () => {
    const main = scriptedMain({});
    const language = useLanguageStore();
    expect((await language.choose('es')).ok).toBe(true);
    expect(main.calls).toEqual([]);
    expect(i18n.global.locale.value).toBe('es');
  });
});
