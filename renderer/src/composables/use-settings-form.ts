import { onMounted, ref, shallowRef, toRaw } from 'vue';
import { useMessage } from 'naive-ui';
import type { TestSendResult } from '@shared/domain/delivery';
import type { Result } from '@shared/result';
import { useRequest } from './use-request';

/** The requests behind one settings form (see `settings-requests.ts`). */
export interface SettingsRequests<V, I> {
  load: () => Promise<Result<V>>;
  save: (input: I) => Promise<Result<V>>;
  /** "Send test": mail and SMS settings. */
  test?: (to: string) => Promise<Result<TestSendResult>>;
}

/**
 * Loading and saving one settings form, on `useRequest` (docs/renderer.md). `apply` copies what
 * main answered into the form, after loading and after each save (by default field by field);
 * `input` is what Save sends (by default a plain copy of the form: IPC cannot clone a proxy). `save(quiet)` shows
 * `savedText` unless quiet and says whether it worked. `sendTest(to)` saves quietly first, then
 * asks for a test message and keeps its outcome in `testResult`. `busy` and `error` cover all.
 */
export function useSettingsForm<V, I extends object>(o: {
  requests: SettingsRequests<V, I>;
  form: I;
  input?: () => I;
  apply?: (value: V) => void;
  savedText: () => string;
}) {
  const input = o.input ?? (() => structuredClone(toRaw(o.form)));
  const apply = o.apply ?? ((value: V) => Object.assign(o.form, value));
  const message = useMessage();
  const loaded = ref(false);
  const testResult = shallowRef<TestSendResult | null>(null);
  const { busy, errorMessage: error, run, fail } = useRequest();

  onMounted(async () => {
    const r = await run(o.requests.load);
    if (r.ok) apply(r.value);
    loaded.value = true;
  });

  async function save(quiet = false): Promise<boolean> {
    const r = await run(() => o.requests.save(input()));
    if (!r.ok) return false;
    apply(r.value);
    if (!quiet) message.success(o.savedText());
    return true;
  }

  async function sendTest(to: string): Promise<void> {
    const test = o.requests.test;
    testResult.value = null;
    if (!test || !(await save(true))) return;
    const r = await run(() => test(to));
    if (r.ok) testResult.value = r.value;
  }

  return { form: o.form, loaded, busy, error, save, fail, sendTest, testResult };
}
