import { defineStore } from 'pinia';
import { computed, ref, watchEffect } from 'vue';
import { darkTheme } from 'naive-ui';
import { darkOverrides, lightOverrides } from '@/theme/overrides';

/** 'system' follows the OS colour scheme; the others force one. */
export type ThemeMode = 'system' | 'light' | 'dark';

const STORAGE_KEY = 'portcullis.theme';
const MODES: readonly ThemeMode[] = ['system', 'light', 'dark'];

function readMode(): ThemeMode {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    return MODES.find((m) => m === saved) ?? 'system';
  } catch {
    return 'system';
  }
}

function writeMode(mode: ThemeMode): void {
  try {
    localStorage.setItem(STORAGE_KEY, mode);
  } catch {
    // Storage can be unavailable (private origin); the choice then lasts for this run only.
  }
}

/** Light/dark theme, persisted, following the OS while in 'system' mode. */
export const useThemeStore = defineStore('theme', () => {
  const mode = ref<ThemeMode>(readMode());
  const media = window.matchMedia('(prefers-color-scheme: dark)');
  const systemDark = ref(media.matches);
  media.addEventListener('change', (event) => {
    systemDark.value = event.matches;
  });

  const isDark = computed(() => (mode.value === 'system' ? systemDark.value : mode.value === 'dark'));
  const naiveTheme = computed(() => (isDark.value ? darkTheme : null));
  const overrides = computed(() => (isDark.value ? darkOverrides : lightOverrides));

  // Lets plain CSS, scrollbars and tests see the effective theme.
  watchEffect(() => {
    const root = document.documentElement;
    root.dataset.theme = isDark.value ? 'dark' : 'light';
    root.style.colorScheme = isDark.value ? 'dark' : 'light';
  });

  function setMode(next: ThemeMode): void {
    mode.value = next;
    writeMode(next);
  }

  /** Switches to the opposite of what is shown now (leaving 'system' mode). */
  function toggle(): void {
    setMode(isDark.value ? 'light' : 'dark');
  }

  return { mode, isDark, naiveTheme, overrides, setMode, toggle };
});
