import { passwordResetApi } from '@/api/password-reset.api';
import { useRequest } from './use-request';

/**
 * "Forgot your password?" and support-sent codes (signed out, page-local): request -> code ->
 * second factor -> new password. Main holds the steps for this window; each call answers its
 * Result so the step can say what went wrong (a wrong code, an ended step) in its own words.
 */
export function usePasswordReset() {
  const { busy, run } = useRequest();
  return {
    busy,
    status: () => run(() => passwordResetApi.status()),
    request: (login: string) => run(() => passwordResetApi.request(login)),
    verifyCode: (login: string, code: string) => run(() => passwordResetApi.verifyCode(login, code)),
    sendSms: () => run(() => passwordResetApi.sendSms()),
    verifySecondFactor: (kind: 'code' | 'backup', code: string) =>
      run(() => passwordResetApi.verifySecondFactor(kind, code)),
    complete: (newPassword: string) => run(() => passwordResetApi.complete(newPassword)),
    cancel: () => run(() => passwordResetApi.cancel()),
  };
}
