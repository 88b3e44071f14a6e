import type { RouteRecordRaw, RouteRecordSingleView } from 'vue-router';
import type { Permission } from '@shared/domain/roles';
import AppLayout from '@/components/layout/AppLayout.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title shown in the header. */
    titleKey?: string;
    /** Reachable without signing in. */
    public?: boolean;
    /** Needs no directory (offline review): reachable before first-run setup, signed in or not. */
    withoutDirectory?: boolean;
    /** Permission needed to open the page (main checks it again on every call). */
    permission?: Permission;
  }
}

type Page = RouteRecordSingleView['component'];

/** A route named as its path (without the slash): its page, title and the permission it needs. */
function page(
  path: string,
  component: Page,
  titleKey: string,
  permission?: Permission,
): RouteRecordSingleView {
  const meta = permission ? { titleKey, permission } : { titleKey };
  return { path, name: path.replace(/^\//, ''), component, meta };
}

/** A page reachable without signing in. */
function publicPage(path: string, component: Page, titleKey: string): RouteRecordSingleView {
  return { ...page(path, component, titleKey), meta: { public: true, titleKey } };
}

/** A page that works on a computer without a directory (no setup, no sign-in). */
function desktopPage(path: string, component: Page, titleKey: string): RouteRecordSingleView {
  return { ...page(path, component, titleKey), meta: { public: true, withoutDirectory: true, titleKey } };
}

/** Every screen of the renderer. Pages load lazily; the layout is part of the main chunk. */
export const routes: RouteRecordRaw[] = [
  publicPage('/setup', () => import('@/views/setup/index.vue'), 'setup.title'),
  publicPage('/sign-in', () => import('@/views/sign-in/index.vue'), 'signIn.title'),
  desktopPage('/review', () => import('@/views/review/index.vue'), 'review.title'),
  // Support-sent codes use the sign-in screen's "Forgot your password?" steps, from the code.
  { path: '/password-reset', redirect: { name: 'sign-in', query: { recover: 'code' } } },
  {
    path: '/',
    component: AppLayout,
    children: [
      // The dashboard needs 'users:read'; the guard sends everyone else on to /my-security.
      { path: '', redirect: '/dashboard' },
      page('dashboard', () => import('@/views/dashboard/index.vue'), 'pages.dashboard', 'users:read'),
      page('users', () => import('@/views/users/index.vue'), 'pages.users', 'users:read'),
      page('sessions', () => import('@/views/sessions/index.vue'), 'pages.sessions', 'sessions:manage-all'),
      page('tokens', () => import('@/views/tokens/index.vue'), 'pages.tokens', 'tokens:manage-all'),
      page('audit', () => import('@/views/audit/index.vue'), 'pages.audit', 'audit:read'),
      page('settings', () => import('@/views/settings/index.vue'), 'pages.settings', 'settings:manage'),
      page('outbox', () => import('@/views/outbox/index.vue'), 'pages.outbox', 'settings:manage'),
      page('my-security', () => import('@/views/my-security/index.vue'), 'pages.mySecurity'),
    ],
  },
  { path: '/:unknown(.*)*', redirect: '/' },
];
