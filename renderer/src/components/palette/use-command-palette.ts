import { computed, nextTick, ref, shallowRef, watch } from 'vue';
import { useRouter } from 'vue-router';
import type { UserView } from '@shared/domain/user';
import { useUsersStore } from '@/stores/users.store';
import { useAuthStore } from '@/stores/auth.store';

/** What the palette can do to a person; the users page opens the matching dialog (query `action`). */
export type PaletteAction = 'edit' | 'disable2fa' | 'revokeSessions';

/** One row of the palette: an action on a person. */
export interface PaletteCommand {
  id: string;
  user: UserView;
  action: PaletteAction;
}

/** How many people one search shows. */
export const PALETTE_LIMIT = 8;

/** True when the key press happens while the person types (then "?" is a character, not a shortcut). */
export function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * The command palette's state (Ctrl+K): a debounced users:list search by name or email, the
 * actions the signed-in role may run on each person found, arrow-key selection, and running one
 * by navigating to the users page with `?user=<id>&action=<action>` (the page opens its own dialog).
 */
export function useCommandPalette(o: { debounceMs?: number } = {}) {
  const router = useRouter();
  const auth = useAuthStore();
  const open = ref(false);
  const search = ref('');
  const people = shallowRef<UserView[]>([]);
  const busy = ref(false);
  const failed = ref(false);
  const active = ref(0);
  let ticket = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Only roles that may open the people page get the palette. */
  const allowed = computed(() => auth.signedIn && auth.hasPermission('users:read'));

  const commands = computed<PaletteCommand[]>(() => {
    const support = auth.hasPermission('users:support');
    return people.value.flatMap((user) => {
      const acts: PaletteAction[] = ['edit'];
      if (support && user.twoFactorMethod) acts.push('disable2fa');
      if (support) acts.push('revokeSessions');
      return acts.map((action) => ({ id: `palette-${String(user.id)}-${action}`, user, action }));
    });
  });

  async function runSearch(text: string): Promise<void> {
    const mine = ++ticket;
    if (text.trim().length === 0) {
      people.value = [];
      busy.value = false;
      return;
    }
    busy.value = true;
    const r = await useUsersStore().find(text.trim(), PALETTE_LIMIT);
    if (mine !== ticket) return;
    busy.value = false;
    failed.value = !r.ok;
    people.value = r.ok ? r.value : [];
    active.value = 0;
  }

  watch(search, (text) => {
    clearTimeout(timer);
    timer = setTimeout(() => void runSearch(text), o.debounceMs ?? 200);
  });

  /** Moves the selection by `step`, wrapping at both ends. */
  function move(step: number): void {
    const n = commands.value.length;
    if (n > 0) active.value = (active.value + step + n) % n;
  }

  /** Runs a command (the selected one by default) and closes the palette. */
  async function run(command = commands.value[active.value]): Promise<void> {
    if (!command) return;
    close();
    await router.push({ name: 'users', query: { user: String(command.user.id), action: command.action } });
  }

  let returnFocus: HTMLElement | null = null;

  /** Opens the palette, remembering where focus was to give it back on close. */
  function show(): void {
    if (!allowed.value || open.value) return;
    returnFocus = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    search.value = '';
    people.value = [];
    active.value = 0;
    open.value = true;
  }

  /** Closes the palette and puts focus back where it was. */
  function close(): void {
    if (!open.value) return;
    open.value = false;
    clearTimeout(timer);
    ticket++;
    const back = returnFocus;
    returnFocus = null;
    void nextTick(() => back?.focus());
  }

  return { open, search, people, commands, busy, failed, active, allowed, move, run, show, close };
}
