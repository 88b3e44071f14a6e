import type { RouteLocationNormalized, RouteLocationRaw, Router } from 'vue-router';
import { useAuthStore } from '@/stores/auth.store';

/**
 * Decides where a navigation may go: pages that need no directory (offline review) always;
 * otherwise setup first, then sign-in, then permissions.
 */
export async function resolveAccess(to: RouteLocationNormalized): Promise<true | RouteLocationRaw> {
  // Asks main nothing: reviewing an export works before setup and even when the directory cannot open.
  if (to.meta.withoutDirectory) return true;
  const auth = useAuthStore();
  const started = await auth.init();
  // Main did not answer: only the sign-in page, which shows why.
  if (!started) return to.name === 'sign-in' ? true : { name: 'sign-in' };

  if (auth.needsSetup) return to.name === 'setup' ? true : { name: 'setup' };
  if (to.name === 'setup') return auth.signedIn ? auth.landing : { name: 'sign-in' };
  if (to.meta.public) return to.name === 'sign-in' && auth.signedIn ? auth.landing : true;
  if (!auth.signedIn) return { name: 'sign-in' };
  // A password set by an admin or past its age is replaced first (main refuses the rest too).
  if (auth.user?.mustChangePassword && to.name !== 'my-security') return { name: 'my-security' };
  // A role that must use 2FA sees only its own page until 2FA is on (main enforces it too).
  if (auth.user?.twoFactorSetupRequired && to.name !== 'my-security') return { name: 'my-security' };

  const needed = to.meta.permission;
  if (needed && !auth.hasPermission(needed)) return { name: 'my-security' };
  return true;
}

/** Installs the access guard. */
export function installGuards(router: Router): void {
  router.beforeEach((to) => resolveAccess(to));
}
