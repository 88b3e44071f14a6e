import { computed } from 'vue';
import { useDialog, useMessage, type ButtonProps } from 'naive-ui';
import { useI18n } from 'vue-i18n';
import { roleAtMost, roleOutranks } from '@shared/domain/roles';
import type { Permission } from '@shared/domain/roles';
import type { UserView } from '@shared/domain/user';
import type { SupportAction } from '@/api/users.api';
import { errorText } from '@/i18n/error-text';
import { useAuthStore } from '@/stores/auth.store';
import { useUsersStore } from '@/stores/users.store';
import type { RowAction } from './users-columns';

/** Who may run each support action (main checks it again) and when it applies to a user. */
const ACTIONS: {
  key: SupportAction;
  permission: Permission;
  applies: (u: UserView) => boolean;
  confirm: string;
  /** Account recovery: only on people strictly below the operator, never oneself. */
  recovery?: boolean;
}[] = [
  {
    key: 'unlock',
    permission: 'users:support',
    applies: (u) => u.status === 'locked',
    confirm: 'confirmUnlock',
  },
  {
    key: 'sendPasswordReset',
    permission: 'users:support',
    applies: () => true,
    confirm: 'confirmSendPasswordReset',
    recovery: true,
  },
  {
    key: 'revokeSessions',
    permission: 'users:support',
    applies: (u) => (u.activeSessions ?? 1) > 0,
    confirm: 'confirmRevokeSessions',
  },
  {
    key: 'forcePasswordChange',
    permission: 'users:manage',
    applies: (u) => !u.mustChangePassword,
    confirm: 'confirmForcePasswordChange',
  },
  {
    key: 'block',
    permission: 'users:manage',
    applies: (u) => u.status !== 'blocked',
    confirm: 'confirmBlock',
  },
  {
    key: 'unblock',
    permission: 'users:manage',
    applies: (u) => u.status === 'blocked',
    confirm: 'confirmUnblock',
  },
];

/** The users table's row and bulk actions, with a confirmation before each. */
export function useSupportActions(open: { edit: (u: UserView) => void; disable2fa: (u: UserView) => void }) {
  const { t } = useI18n();
  const dialog = useDialog();
  const message = useMessage();
  const auth = useAuthStore();
  const store = useUsersStore();

  // Operators act only on users at or below their own role (main refuses the rest).
  const mayTouch = (u: UserView) => !!auth.user && roleAtMost(u.role, auth.user.role);
  // Recovery (reset, 2FA off, email, role) only strictly below, never oneself: main refuses the rest.
  const mayRecover = (u: UserView) =>
    !!auth.user && u.id !== auth.user.id && roleOutranks(auth.user.role, u.role);
  const allowed = computed(() => ACTIONS.filter((a) => auth.hasPermission(a.permission)));

  const rowActions = computed<RowAction[]>(() => {
    const list: RowAction[] = [];
    if (auth.hasPermission('users:manage'))
      list.push({ key: 'edit', label: t('supportActions.edit'), show: mayTouch });
    if (auth.hasPermission('users:support'))
      list.push({
        key: 'disable2fa',
        label: t('supportActions.disableTwoFactor'),
        show: (u) => mayRecover(u) && u.twoFactorMethod !== null,
      });
    for (const a of allowed.value)
      list.push({
        key: a.key,
        label: t(`supportActions.${a.key}`),
        show: (u) => (a.recovery ? mayRecover(u) : mayTouch(u)) && a.applies(u),
      });
    return list;
  });

  /** Asks, then runs `action` on the users; reports how many changed. */
  function run(action: SupportAction, users: UserView[], after?: () => void): void {
    const def = ACTIONS.find((a) => a.key === action);
    if (!def || users.length === 0) return;
    const first = users[0];
    const who =
      users.length === 1 && first ? first.username : t('supportActions.whoMany', { n: users.length });
    const destructive = action === 'block' || action === 'revokeSessions';
    // Says what happens to whom; the button repeats the action in the app's colours (red when it
    // takes something away, teal otherwise), never a generic "Confirm".
    const d = dialog.create({
      type: destructive ? 'error' : 'default',
      showIcon: destructive,
      title: t(`ui.confirm.${action}.title`, { who }),
      content: t(`supportActions.${def.confirm}`, { who }),
      positiveText: t(`ui.confirm.${action}.button`, { n: users.length }, users.length),
      negativeText: t('common.cancel'),
      positiveButtonProps: Object.assign(
        { type: destructive ? 'error' : 'primary' },
        { 'data-testid': 'confirm-action' },
      ) as ButtonProps,
      autoFocus: true,
      onPositiveClick: async () => {
        d.loading = true;
        const r = await store.act(
          action,
          users.map((u) => u.id),
        );
        if (!r.ok) message.error(errorText(r));
        else {
          message.success(
            t('supportActions.done', { changed: r.value.changed.length, skipped: r.value.skipped.length }),
          );
          after?.();
        }
      },
    });
  }

  function onRowAction(key: string, user: UserView): void {
    if (key === 'edit') open.edit(user);
    else if (key === 'disable2fa') open.disable2fa(user);
    else run(key as SupportAction, [user]);
  }

  return { rowActions, bulkActions: allowed, run, onRowAction, mayTouch, mayRecover };
}
