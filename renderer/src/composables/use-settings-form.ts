import { onMounted, ref } from 'vue';
import { useMessage } from 'naive-ui';
import type { Result } from '@shared/result';
import { errorText } from '@/i18n/error-text';

/**
 * Loading and saving one settings form. `apply` copies what main answered into the form, after
 * loading and after each save. `save(quiet)` shows `savedText` unless quiet and says whether it
 * worked; `busy` and `error` are for the form (other calls, like a test send, may use them too).
 */
export function useSettingsForm<V>(o: {
  load: () => Promise<Result<V>>;
  save: () => Promise<Result<V>>;
  apply: (value: V) => void;
  savedText: () => string;
}) {
  const message = useMessage();
  const loaded = ref(false);
  const busy = ref(false);
  const error = ref<string | null>(null);

  onMounted(async () => {
    const r = await o.load();
    if (r.ok) o.apply(r.value);
    else error.value = errorText(r);
    loaded.value = true;
  });

  async function save(quiet = false): Promise<boolean> {
    busy.value = true;
    error.value = null;
    const r = await o.save();
    busy.value = false;
    if (!r.ok) {
      error.value = errorText(r);
      return false;
    }
    o.apply(r.value);
    if (!quiet) message.success(o.savedText());
    return true;
  }

  return { loaded, busy, error, save };
}
