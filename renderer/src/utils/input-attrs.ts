import type { InputHTMLAttributes } from 'vue';

/**
 * Attributes for the real <input> inside a Naive UI NInput (`:input-props`), starting with
 * the e2e hook. Vue's attribute types have no `data-*` keys, hence the merge.
 */
export function inputAttrs(testId: string, attrs: InputHTMLAttributes = {}): InputHTMLAttributes {
  return Object.assign({ 'data-testid': testId }, attrs);
}
