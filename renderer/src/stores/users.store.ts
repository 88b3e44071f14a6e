import { defineStore } from 'pinia';
import type { Role } from '@shared/domain/roles';
import type { UserStatus, UserView } from '@shared/domain/user';
import type { Result } from '@shared/result';
import { usersApi, type CreateUserInput, type SupportAction, type UpdateUserInput } from '@/api/users.api';
import type { BulkResult } from '@shared/ipc/contracts/users.contract';
import { twoFactorApi } from '@/api/two-factor.api';
import { useList } from '@/composables/use-list';

/** Columns main can sort the users list by. */
export type UserSortKey = 'username' | 'email' | 'role' | 'createdAt' | 'lastLoginAt';

/** 2FA filter: any method, none, or one method. */
export type TwoFactorFilter = 'on' | 'off' | 'totp' | 'email' | 'sms';

/** The filters, sort and page the users table shows. */
export interface UsersQueryState {
  search: string;
  role: Role | null;
  status: UserStatus | null;
  twoFactor: TwoFactorFilter | null;
  /** Only users blocked within this many days (the dashboard's link). */
  blockingWithinDays: number | null;
  sort: UserSortKey;
  direction: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

const FILTERS: Omit<UsersQueryState, 'page' | 'pageSize'> = {
  search: '',
  role: null,
  status: null,
  twoFactor: null,
  blockingWithinDays: null,
  sort: 'username',
  direction: 'asc',
};

/** The users directory: one server-side page at a time (shared by the page, its filters and dialogs). */
export const useUsersStore = defineStore('users', () => {
  const list = useList<UserView, typeof FILTERS>({
    query: FILTERS,
    pageSize: 20,
    fetch: (q) =>
      usersApi.list({
        search: q.search.trim() || undefined,
        role: q.role ?? undefined,
        status: q.status ?? undefined,
        twoFactor: q.twoFactor ?? undefined,
        blockingWithinDays: q.blockingWithinDays ?? undefined,
        sort: q.sort,
        direction: q.direction,
        page: q.page,
        pageSize: q.pageSize,
      }),
  });
  const { load } = list;

  async function create(input: CreateUserInput): Promise<Result<UserView>> {
    const result = await usersApi.create(input);
    if (result.ok) await load();
    return result;
  }

  async function update(input: UpdateUserInput): Promise<Result<UserView>> {
    const result = await usersApi.update(input);
    if (result.ok) await load();
    return result;
  }

  /** Runs a support action on users, then reloads the page. */
  async function act(action: SupportAction, userIds: number[]): Promise<Result<BulkResult>> {
    const result = await usersApi.act(action, userIds);
    await load();
    return result;
  }

  /** Support/admin: turns another user's 2FA off, with a reason, then reloads the page. */
  async function disableTwoFactor(userId: number, reason: string): Promise<Result<null>> {
    const result = await twoFactorApi.disableForUser(userId, reason);
    if (result.ok) await load();
    return result;
  }

  /** One person by id (the command palette's link), without touching the page's list. */
  function getOne(id: number): Promise<Result<UserView>> {
    return usersApi.get(id);
  }

  /** The first `limit` people matching `text`, by username (the command palette's search). */
  async function find(text: string, limit: number): Promise<Result<UserView[]>> {
    const r = await usersApi.list({
      search: text,
      sort: 'username',
      direction: 'asc',
      page: 1,
      pageSize: limit,
    });
    return r.ok ? { ok: true, value: r.value.items } : r;
  }

  return {
    query: list.query,
    items: list.items,
    total: list.total,
    totalCapped: list.totalCapped,
    loading: list.busy,
    error: list.error,
    load,
    setQuery: list.setQuery,
    setPage: list.setPage,
    create,
    update,
    act,
    disableTwoFactor,
    getOne,
    find,
  };
});
