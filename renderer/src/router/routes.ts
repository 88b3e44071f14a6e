import type { RouteRecordRaw } from 'vue-router';
import type { Permission } from '@shared/domain/roles';
import AppLayout from '@/components/layout/AppLayout.vue';

declare module 'vue-router' {
  interface RouteMeta {
    /** i18n key of the page title shown in the header. */
    titleKey?: string;
    /** Reachable without signing in. */
    public?: boolean;
    /** Permission needed to open the page (main checks it again on every call). */
    permission?: Permission;
  }
}

/** Every screen of the renderer. Pages load lazily; the layout is part of the main chunk. */
export const routes: RouteRecordRaw[] = [
  {
    path: '/setup',
    name: 'setup',
    component: () => import('@/views/setup/index.vue'),
    meta: { public: true, titleKey: 'setup.title' },
  },
  {
    path: '/sign-in',
    name: 'sign-in',
    component: () => import('@/views/sign-in/index.vue'),
    meta: { public: true, titleKey: 'signIn.title' },
  },
  {
    path: '/review',
    name: 'review',
    component: () => import('@/views/review/index.vue'),
    meta: { public: true, titleKey: 'review.title' },
  },
  // Support-sent codes use the sign-in screen's "Forgot your password?" steps, from the code.
  { path: '/password-reset', redirect: { name: 'sign-in', query: { recover: 'code' } } },
  {
    path: '/',
    component: AppLayout,
    children: [
      // The dashboard needs 'users:read'; the guard sends everyone else on to /my-security.
      { path: '', redirect: '/dashboard' },
      {
        path: 'dashboard',
        name: 'dashboard',
        component: () => import('@/views/dashboard/index.vue'),
        meta: { titleKey: 'pages.dashboard', permission: 'users:read' },
      },
      {
        path: 'users',
        name: 'users',
        component: () => import('@/views/users/index.vue'),
        meta: { titleKey: 'pages.users', permission: 'users:read' },
      },
      {
        path: 'sessions',
        name: 'sessions',
        component: () => import('@/views/sessions/index.vue'),
        meta: { titleKey: 'pages.sessions', permission: 'sessions:manage-all' },
      },
      {
        path: 'tokens',
        name: 'tokens',
        component: () => import('@/views/tokens/index.vue'),
        meta: { titleKey: 'pages.tokens', permission: 'tokens:manage-all' },
      },
      {
        path: 'audit',
        name: 'audit',
        component: () => import('@/views/audit/index.vue'),
        meta: { titleKey: 'pages.audit', permission: 'audit:read' },
      },
      {
        path: 'settings',
        name: 'settings',
        component: () => import('@/views/settings/index.vue'),
        meta: { titleKey: 'pages.settings', permission: 'settings:manage' },
      },
      {
        path: 'outbox',
        name: 'outbox',
        component: () => import('@/views/outbox/index.vue'),
        meta: { titleKey: 'pages.outbox', permission: 'settings:manage' },
      },
      {
        path: 'my-security',
        name: 'my-security',
        component: () => import('@/views/my-security/index.vue'),
        meta: { titleKey: 'pages.mySecurity' },
      },
    ],
  },
  { path: '/:unknown(.*)*', redirect: '/' },
];
