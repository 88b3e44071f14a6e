import { nextTick, onMounted, type Ref } from 'vue';

/** Something with a focus() method, like Naive UI's NInput instance. */
export interface Focusable {
  focus: () => void;
}

/** Focuses the given input once the component is on screen. */
export function useFocusOnMount(target: Ref<Focusable | null>): void {
  onMounted(() => {
    void nextTick(() => target.value?.focus());
  });
}
