import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { SecondStepNeeded } from '@shared/ipc/contract';
import type { CodeSentTo, TwoFactorStatus } from '@shared/ipc/contracts/two-factor.contract';
import type { Err, Result } from '@shared/result';
import { twoFactorApi } from '@/api/two-factor.api';
import { useAuthStore } from './auth.store';

/** The caller's 2FA status (own page) and the sign-in second step in progress. */
export const useTwoFactorStore = defineStore('two-factor', () => {
  const status = ref<TwoFactorStatus | null>(null);
  const loadError = ref<Err | null>(null);
  /** Set after a correct password when 2FA is on; cleared on success or "back". */
  const challenge = ref<SecondStepNeeded | null>(null);
  /** Why the last second step ended (shown on the password form it returns to). */
  const endedError = ref<Err | null>(null);

  async function load(): Promise<void> {
    const r = await twoFactorApi.status();
    if (r.ok) {
      status.value = r.value;
      loadError.value = null;
      // Turning 2FA on lifts the "2FA required for your role" restriction: refresh the user.
      const auth = useAuthStore();
      if (r.value.method && auth.user?.twoFactorSetupRequired) await auth.loadMe();
    } else loadError.value = r;
  }

  /** Completes the sign-in with a code or backup code; on success the user is signed in. */
  async function finishSignIn(kind: 'code' | 'backup', code: string): Promise<Result<null>> {
    const r = kind === 'code' ? await twoFactorApi.verifyCode(code) : await twoFactorApi.useBackupCode(code);
    if (!r.ok) {
      if (r.code === 'challenge_ended' || r.code === 'account_locked') {
        challenge.value = null;
        endedError.value = r;
      }
      return r;
    }
    challenge.value = null;
    useAuthStore().completeSignIn(r.value.user);
    return { ok: true, value: null };
  }

  async function cancelSignIn(): Promise<void> {
    challenge.value = null;
    await twoFactorApi.cancelSecondStep();
  }

  // The own page's steps. The card reloads `status` once it has shown what a step answered
  // (new backup codes), so these do not reload it themselves.
  const own = {
    startTotp: twoFactorApi.startTotp,
    sendSetupCode: twoFactorApi.sendCode,
    confirm: twoFactorApi.confirm,
    codeStatus: twoFactorApi.codeStatus,
    sendConfirmationCode: twoFactorApi.sendConfirmationCode,
    regenerateBackupCodes: twoFactorApi.regenerateBackupCodes,
    disable: twoFactorApi.disable,
  };
  // The sign-in second step's other calls.
  const signIn = { codeStatus: twoFactorApi.signInCodeStatus, resend: twoFactorApi.resendCode };

  return { status, loadError, challenge, endedError, load, finishSignIn, cancelSignIn, own, signIn };
});

/**
 * Follows a code sent by SMS: when the gateway refuses it after its retries, main emails it
 * instead and this reports the new destination (docs/product.md source page S0). Returns the function that stops it.
 */
export function followSmsDelivery(
  sent: CodeSentTo,
  ask: () => Promise<Result<CodeSentTo | null>>,
  onFallback: (now: CodeSentTo) => void,
  o: { everyMs?: number; forMs?: number } = {},
): () => void {
  if (sent.channel !== 'sms') return () => undefined;
  const until = Date.now() + (o.forMs ?? 180_000);
  const timer = setInterval(() => {
    if (Date.now() > until) {
      clearInterval(timer);
      return;
    }
    void ask().then((r) => {
      if (!r.ok || !r.value?.fallback) return;
      clearInterval(timer);
      onFallback({ ...r.value, resendAfterSeconds: sent.resendAfterSeconds });
    });
  }, o.everyMs ?? 2000);
  return () => {
    clearInterval(timer);
  };
}
