import type { FormInst } from 'naive-ui';

/** Runs a Naive UI form's own rules: true when every field passes (a failing field shows why). */
export async function formValid(form: FormInst | null): Promise<boolean> {
  try {
    await form?.validate();
    return true;
  } catch {
    return false;
  }
}
