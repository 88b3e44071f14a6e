import { passwordResetApi, type CompleteResetInput } from '@/api/password-reset.api';
import { useRequest } from './use-request';

/** "I have a reset code" (signed out, page-local, docs/renderer.md): sets the new password. */
export function usePasswordReset() {
  const { busy, errorMessage, run, fail } = useRequest();
  /** True when main accepted the code and the new password. */
  async function complete(input: CompleteResetInput): Promise<boolean> {
    return (await run(() => passwordResetApi.complete(input))).ok;
  }
  return { busy, error: errorMessage, fail, complete };
}
