import { defineStore } from 'pinia';
import { reactive, ref } from 'vue';
import type { Role } from '@shared/domain/roles';
import type { UserStatus, UserView } from '@shared/domain/user';
import type { Err, Result } from '@shared/result';
import { usersApi, type CreateUserInput, type SupportAction, type UpdateUserInput } from '@/api/users.api';
import type { BulkResult } from '@shared/ipc/contracts/users.contract';

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

/** The users directory: one server-side page at a time. */
export const useUsersStore = defineStore('users', () => {
  const query = reactive<UsersQueryState>({
    search: '',
    role: null,
    status: null,
    twoFactor: null,
    blockingWithinDays: null,
    sort: 'username',
    direction: 'asc',
    page: 1,
    pageSize: 20,
  });
  const items = ref<UserView[]>([]);
  const total = ref(0);
  const totalCapped = ref(false);
  const loading = ref(false);
  const error = ref<Err | null>(null);
  // Typing fast fires several requests; only the newest may write the table.
  let latest = 0;

  async function load(): Promise<void> {
    const ticket = ++latest;
    loading.value = true;
    const result = await usersApi.list({
      search: query.search.trim() || undefined,
      role: query.role ?? undefined,
      status: query.status ?? undefined,
      twoFactor: query.twoFactor ?? undefined,
      blockingWithinDays: query.blockingWithinDays ?? undefined,
      sort: query.sort,
      direction: query.direction,
      page: query.page,
      pageSize: query.pageSize,
    });
    if (ticket !== latest) return;
    loading.value = false;
    if (!result.ok) {
      error.value = result;
      return;
    }
    error.value = null;
    items.value = result.value.items;
    total.value = result.value.total;
    totalCapped.value = result.value.totalCapped === true;
  }

  /** Changes filters or sort, going back to page 1, and reloads. */
  function setQuery(patch: Partial<Omit<UsersQueryState, 'page'>>): Promise<void> {
    Object.assign(query, patch, { page: 1 });
    return load();
  }

  /** Changes page or page size and reloads. */
  function setPage(page: number, pageSize = query.pageSize): Promise<void> {
    if (pageSize !== query.pageSize) page = 1;
    Object.assign(query, { page, pageSize });
    return load();
  }

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

  return { query, items, total, totalCapped, loading, error, load, setQuery, setPage, create, update, act };
});
