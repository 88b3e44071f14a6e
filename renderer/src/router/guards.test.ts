import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { createMemoryHistory, createRouter } from 'vue-router';
import { err, ok } from '@shared/result';
import { scriptedMain } from '@/testing/scripted-main';
import { routes } from './routes';
import { installGuards } from './guards';

/** The app's routes and guard on a memory history (the app uses hash history). */
function appRouter() {
  const router = createRouter({ history: createMemoryHistory(), routes });
  installGuards(router);
  return router;
}

describe('access guard on a computer without a directory', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('lets the offline review open before setup (asking main nothing) while every other page goes to setup', async () => {
    const main = scriptedMain({ 'auth:needsSetup': () => ok({ needsSetup: true }) });
    const router = appRouter();
    await router.push({ name: 'review', query: { pending: '1' } });
    expect(router.currentRoute.value.name).toBe('review');
    expect(main.calls).toEqual([]);
    for (const path of ['/sign-in', '/dashboard', '/audit', '/my-security']) {
      await router.push(path);
      expect(router.currentRoute.value.name, path).toBe('setup');
    }
    await router.push('/review');
    expect(router.currentRoute.value.name).toBe('review');
  });

  it('lets the review open when main cannot tell whether a directory exists, and for a signed-out person', async () => {
    scriptedMain({ 'auth:needsSetup': () => err('internal', 'the directory could not open') });
    const router = appRouter();
    await router.push('/review');
    expect(router.currentRoute.value.name).toBe('review');
    await router.push('/users');
    expect(router.currentRoute.value.name).toBe('sign-in');
  });
});
