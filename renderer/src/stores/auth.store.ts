import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { CurrentUser } from '@shared/domain/user';
import type { Permission } from '@shared/domain/roles';
import type { Err, Result } from '@shared/result';
import type { SignInResult } from '@shared/ipc/contract';
import { authApi, type SignInInput } from '@/api/auth.api';
import { setupApi, type CreateOwnerInput } from '@/api/setup.api';

/** Who is signed in, first-run state, and the sign-in / sign-out / setup actions. */
export const useAuthStore = defineStore('auth', () => {
  const user = ref<CurrentUser | null>(null);
  /** null until auth:needsSetup has answered. */
  const needsSetup = ref<boolean | null>(null);
  /** Why the start-up check failed (shown on the sign-in page); null when it worked. */
  const startError = ref<Err | null>(null);
  let starting: Promise<boolean> | null = null;

  const signedIn = computed(() => user.value !== null);
  /** Where to go after sign-in: the dashboard for directory readers, else the own page. */
  const landing = computed(() => (hasPermission('users:read') ? '/dashboard' : '/my-security'));

  function hasPermission(permission: Permission): boolean {
    return user.value?.permissions.includes(permission) ?? false;
  }

  async function loadMe(): Promise<void> {
    const result = await authApi.me();
    user.value = result.ok ? result.value : null;
  }

  async function start(): Promise<boolean> {
    const status = await setupApi.status();
    if (!status.ok) {
      startError.value = status;
      return false;
    }
    startError.value = null;
    needsSetup.value = status.value.needsSetup;
    if (!status.value.needsSetup) await loadMe();
    return true;
  }

  /** Asks main once whether setup is needed and who is signed in; retried after a failure. */
  function init(): Promise<boolean> {
    starting ??= start().then((done) => {
      if (!done) starting = null;
      return done;
    });
    return starting;
  }

  /** Password step: signed in now, or a second step (2FA) is needed first. */
  async function signIn(input: SignInInput): Promise<Result<SignInResult>> {
    const result = await authApi.signIn(input);
    if (result.ok && result.value.status === 'signed_in') user.value = result.value.user;
    return result;
  }

  /** Records the user signed in by the second step (two-factor store). */
  function completeSignIn(signedInUser: CurrentUser): void {
    user.value = signedInUser;
  }

  async function setup(input: CreateOwnerInput): Promise<Result<CurrentUser>> {
    const result = await setupApi.createOwner(input);
    if (!result.ok) {
      if (result.code === 'setup_already_done') needsSetup.value = false;
      return result;
    }
    needsSetup.value = false;
    user.value = result.value.user;
    return { ok: true, value: result.value.user };
  }

  async function signOut(): Promise<void> {
    // Whatever main answers, this window no longer acts as that user.
    await authApi.signOut();
    clear();
  }

  function clear(): void {
    user.value = null;
  }

  return {
    user,
    needsSetup,
    startError,
    signedIn,
    landing,
    hasPermission,
    init,
    loadMe,
    signIn,
    completeSignIn,
    setup,
    signOut,
    clear,
  };
});
