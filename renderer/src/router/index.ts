import { createRouter, createWebHashHistory } from 'vue-router';
import { routes } from './routes';
import { installGuards } from './guards';
import { installSessionEnded } from './session-ended';

/** Hash history: the app is loaded from a file (Electron) or a test origin. */
export const router = createRouter({
  history: createWebHashHistory(),
  routes,
});

installGuards(router);
installSessionEnded(router);
