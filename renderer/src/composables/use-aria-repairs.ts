import { onMounted } from 'vue';

let ids = 0;
const CONTROL =
  'input:not([type="hidden"]), textarea, [role="switch"], [role="checkbox"], [role="combobox"], .n-base-selection[tabindex]';

/** True when the element already has a name of its own (aria-label, or aria-labelledby that resolves). */
function named(el: Element): boolean {
  if (el.getAttribute('aria-label')) return true;
  const by = el.getAttribute('aria-labelledby');
  return !!by && by.split(/\s+/).every((id) => document.getElementById(id)?.textContent.trim());
}

/**
 * NFormItem draws its label as <label> with no `for`: a screen reader announces the input as
 * nothing. With one control in the item, the label is tied to it (`for` + id for inputs,
 * aria-labelledby for switches, checkboxes and selects).
 */
function tieFormLabels(root: ParentNode): void {
  for (const item of root.querySelectorAll('.n-form-item')) {
    const label = item.querySelector(':scope > label.n-form-item-label');
    if (!(label instanceof HTMLLabelElement) || !label.textContent.trim()) continue;
    const controls = [...item.querySelectorAll(CONTROL)].filter(
      (c) => !(c instanceof HTMLInputElement && c.closest('.n-base-selection') && c.readOnly),
    );
    const control = controls[0];
    if (controls.length !== 1 || !control || named(control)) continue;
    if (control instanceof HTMLInputElement || control instanceof HTMLTextAreaElement) {
      if (label.htmlFor && label.htmlFor === control.id) continue;
      control.id ||= `field-${String(++ids)}`;
      label.htmlFor = control.id;
    } else {
      label.id ||= `field-label-${String(++ids)}`;
      control.setAttribute('aria-labelledby', label.id);
    }
  }
}

/**
 * Naive UI 2.45 leaves ARIA gaps on every page: a card header is role="heading" twice over
 * with no level, every NIcon is role="img" with no name, and form labels are not tied to their
 * inputs. One observer of the whole document (dialogs are teleported to <body>) gives card
 * headers a level, hides unnamed icons from screen readers (the button or text around them
 * carries the name) and ties form labels to their controls.
 */
function repair(root: ParentNode): void {
  tieFormLabels(root);
  for (const el of root.querySelectorAll('.n-card-header[role="heading"]:not([aria-level])'))
    el.setAttribute('aria-level', '2');
  for (const el of root.querySelectorAll('.n-card-header__main[role="heading"]'))
    el.setAttribute('role', 'none');
  for (const el of root.querySelectorAll(
    '[role="img"]:not([aria-label]):not([aria-labelledby]):not([aria-hidden])',
  ))
    if (el.classList.contains('n-icon') || el.closest('.n-icon')) el.setAttribute('aria-hidden', 'true');
}

let observer: MutationObserver | undefined;

/** Starts the document-wide repair once (any page may call it; later calls do nothing). */
export function useAriaRepairs(): void {
  onMounted(() => {
    if (observer) return;
    repair(document.body);
    observer = new MutationObserver(() => {
      repair(document.body);
    });
    observer.observe(document.body, { childList: true, subtree: true });
  });
}
