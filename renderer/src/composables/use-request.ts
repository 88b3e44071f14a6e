import { computed, ref, shallowRef } from 'vue';
import { err, type Err, type Result } from '@shared/result';
import { errorText } from '@/i18n/error-text';

/**
 * Busy, error and result for the requests one form or card makes (docs/renderer.md). `run`
 * takes a request returning a Result: `busy` is true while any is in flight, `error` holds the
 * newest request's failure (cleared when another starts) and `errorMessage` the sentence for it;
 * `result` the newest success. An older request that answers late changes neither.
 */
export function useRequest<T = unknown>() {
  const pending = ref(0);
  const error = shallowRef<Err | null>(null);
  const result = shallowRef<T | null>(null);
  let latest = 0;

  async function run<V extends T>(request: () => Promise<Result<V>>): Promise<Result<V>> {
    const ticket = ++latest;
    // A new attempt hides the previous failure while it runs (the form is trying again).
    error.value = null;
    pending.value++;
    let r: Result<V>;
    try {
      r = await request();
    } finally {
      pending.value--;
    }
    if (ticket !== latest) return r;
    if (r.ok) {
      error.value = null;
      result.value = r.value;
    } else error.value = r;
    return r;
  }

  /** `run`, answering the value, or null when the request failed (its error is in `error`). */
  async function value<V extends T>(request: () => Promise<Result<V>>): Promise<V | null> {
    const r = await run(request);
    return r.ok ? r.value : null;
  }

  /** Shows a check the form made itself ("Enter a name") the way a refused request shows. */
  function fail(message: string): void {
    latest++;
    error.value = err('invalid_input', message);
  }

  /** Forgets the error and result (a form that is closed and opened again). */
  function reset(): void {
    latest++;
    error.value = null;
    result.value = null;
  }

  const busy = computed(() => pending.value > 0);
  const errorMessage = computed(() => (error.value ? errorText(error.value) : null));
  return { busy, error, errorMessage, result, run, value, fail, reset };
}
