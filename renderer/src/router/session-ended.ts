import type { Router } from 'vue-router';
import { onSessionEnded } from '@/api/client';
import { useAuthStore } from '@/stores/auth.store';

/**
 * When main says this window's session is over (push event or an error Result), forget the
 * user and show the sign-in page with the reason. Public pages only forget the user.
 */
export function installSessionEnded(router: Router): void {
  onSessionEnded((reason) => {
    useAuthStore().clear();
    if (router.currentRoute.value.meta.public) return;
    void router.replace({ name: 'sign-in', query: { reason } });
  });
}
