import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { mount, type VueWrapper } from '@vue/test-utils';
import { createMemoryHistory, createRouter } from 'vue-router';
import { defineComponent, h } from 'vue';
import { ok } from '@shared/result';
import type { UserView } from '@shared/domain/user';
import { PERMISSIONS, roleCan, type Role } from '@shared/domain/roles';
import { scriptedMain } from '@/testing/scripted-main';
import { i18n } from '@/i18n';
import { useAuthStore } from '@/stores/auth.store';
import { paletteMessages } from '@/i18n/en/palette';
import CommandPalette from './CommandPalette.vue';

// Until en.ts registers the file (requested from its owner), the test adds it; harmless after.
i18n.global.mergeLocaleMessage('en', paletteMessages);

const Blank = defineComponent({ render: () => h('div') });
const person = (id: number, username: string, twoFactor: boolean) =>
  ({
    id,
    username,
    displayName: username.toUpperCase(),
    email: `${username}@example.com`,
    twoFactorMethod: twoFactor ? 'totp' : null,
  }) as unknown as UserView;
const PEOPLE = [person(7, 'ann', true), person(8, 'annika', false), person(9, 'bob', true)];

const key = (k: string, o: KeyboardEventInit = {}, target: EventTarget = window) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...o }));
const dialog = () => document.querySelector('[data-testid="command-palette"]');
const input = () => document.querySelector<HTMLInputElement>('[data-testid="palette-input"]');
const options = () => [...document.querySelectorAll('[data-testid="palette-option"]')];

describe('command palette (Ctrl+K) and the "?" overlay', () => {
  let wrapper: VueWrapper | null = null;
  let trigger: HTMLButtonElement;

  async function start(role: Role) {
    const main = scriptedMain({
      'users:list': (q) => {
        const items = PEOPLE.filter((p) => `${p.username} ${p.email}`.includes(q.search ?? ''));
        return ok({ items, total: items.length, page: 1, pageSize: q.pageSize ?? 50 });
      },
    });
    const pinia = createPinia();
    setActivePinia(pinia);
    useAuthStore().user = {
      id: 1,
      username: 'sue',
      displayName: 'Sue',
      email: 'sue@example.com',
      role,
      permissions: PERMISSIONS.filter((p) => roleCan(role, p)),
      mustChangePassword: false,
      language: null,
    };
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [
        { path: '/', component: Blank },
        { path: '/users', name: 'users', component: Blank },
      ],
    });
    await router.push('/');
    trigger = document.createElement('button');
    document.body.append(trigger);
    trigger.focus();
    wrapper = mount(CommandPalette, { global: { plugins: [pinia, router, i18n] }, attachTo: document.body });
    return { main, router };
  }

  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    wrapper?.unmount();
    wrapper = null;
    document.body.innerHTML = '';
    vi.useRealTimers();
  });

  it('support: Ctrl+K, part of an email, arrows and Enter open the users page with the action; focus comes back', async () => {
    const { main, router } = await start('support');
    key('k', { ctrlKey: true });
    await vi.advanceTimersByTimeAsync(0);
    expect(dialog()?.getAttribute('role')).toBe('dialog');
    expect(document.activeElement).toBe(input());

    const box = input();
    if (!box) throw new Error('no input');
    box.value = 'ann@exa';
    box.dispatchEvent(new Event('input'));
    await vi.advanceTimersByTimeAsync(250);
    expect(main.calls.filter((c) => c.channel === 'users:list').map((c) => c.input)).toEqual([
      { search: 'ann@exa', sort: 'username', direction: 'asc', page: 1, pageSize: 8 },
    ]);
    // ann has 2FA: open, turn off 2FA, end sessions; annika does not match "ann@".
    expect(options().map((o) => o.id)).toEqual([
      'palette-7-edit',
      'palette-7-disable2fa',
      'palette-7-revokeSessions',
    ]);
    expect(box.getAttribute('aria-activedescendant')).toBe('palette-7-edit');
    key('ArrowDown', {}, box);
    await vi.advanceTimersByTimeAsync(0);
    expect(box.getAttribute('aria-activedescendant')).toBe('palette-7-disable2fa');
    expect(options()[1]?.getAttribute('aria-selected')).toBe('true');
    key('ArrowUp', {}, box);
    key('ArrowUp', {}, box); // wraps to the last row
    await vi.advanceTimersByTimeAsync(0);
    expect(box.getAttribute('aria-activedescendant')).toBe('palette-7-revokeSessions');
    key('Enter', {}, box);
    await vi.advanceTimersByTimeAsync(0);
    expect(router.currentRoute.value.fullPath).toBe('/users?user=7&action=revokeSessions');
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });

  it('Tab stays in the search box; Escape closes and gives focus back; a member or an auditor (no users:read) never gets the palette', async () => {
    const { main } = await start('support');
    key('k', { ctrlKey: true });
    await vi.advanceTimersByTimeAsync(0);
    const box = input();
    if (!box) throw new Error('no input');
    expect(key('Tab', {}, box)).toBe(false); // default prevented: focus does not leave
    key('Escape', {}, box);
    await vi.advanceTimersByTimeAsync(0);
    expect(dialog()).toBeNull();
    expect(document.activeElement).toBe(trigger);
    expect(main.count('users:list')).toBe(0);
    wrapper?.unmount();

    for (const role of ['member', 'auditor'] as const) {
      await start(role);
      expect(key('k', { ctrlKey: true })).toBe(true); // not taken: no users:read
      await vi.advanceTimersByTimeAsync(0);
      expect(dialog()).toBeNull();
      wrapper?.unmount();
    }
  });

  it('a person without 2FA offers no "turn off 2FA"; each row is labelled with the action and the person', async () => {
    await start('support');
    key('k', { ctrlKey: true });
    await vi.advanceTimersByTimeAsync(0);
    const box = input();
    if (!box) throw new Error('no input');
    box.value = 'ann';
    box.dispatchEvent(new Event('input'));
    await vi.advanceTimersByTimeAsync(250);
    expect(options().map((o) => o.id)).toEqual([
      'palette-7-edit',
      'palette-7-disable2fa',
      'palette-7-revokeSessions',
      'palette-8-edit',
      'palette-8-revokeSessions',
    ]);
    expect(options()[4]?.textContent).toContain('ANNIKA');
    expect(options()[4]?.textContent).toContain('annika@example.com');
    expect(options()[4]?.textContent).toContain('End all sessions of ANNIKA');
    expect(document.querySelector('[role="status"]')?.textContent).toBe('2 people found');
  });

  it('"?" opens the shortcuts overlay (not while typing); Escape closes it and focus returns', async () => {
    await start('support');
    const field = document.createElement('input');
    document.body.append(field);
    key('?', {}, field);
    await vi.advanceTimersByTimeAsync(0);
    expect(document.querySelector('[data-testid="shortcuts-overlay"]')).toBeNull();
    trigger.focus();
    key('?', {}, trigger);
    await vi.advanceTimersByTimeAsync(0);
    const overlay = document.querySelector('[data-testid="shortcuts-overlay"]');
    expect(overlay?.getAttribute('aria-modal')).toBe('true');
    expect(overlay?.querySelectorAll('dt')).toHaveLength(5);
    expect(document.activeElement?.tagName).toBe('BUTTON');
    expect(document.activeElement).not.toBe(trigger);
    key('Escape', {}, document.activeElement ?? window);
    await vi.advanceTimersByTimeAsync(0);
    expect(document.querySelector('[data-testid="shortcuts-overlay"]')).toBeNull();
    expect(document.activeElement).toBe(trigger);
  });
});
