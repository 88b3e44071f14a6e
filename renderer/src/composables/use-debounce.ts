import { onBeforeUnmount } from 'vue';

/** Delays `fn` until `ms` have passed without another call (search-as-you-type). */
export function useDebounce<A extends unknown[]>(fn: (...args: A) => void, ms = 200): (...args: A) => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  onBeforeUnmount(() => {
    clearTimeout(timer);
  });
  return (...args: A) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      fn(...args);
    }, ms);
  };
}
