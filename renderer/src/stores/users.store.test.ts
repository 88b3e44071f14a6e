import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { UserView } from '@shared/domain/user';
import { err, ok } from '@shared/result';
import type { CreateUserInput } from '@/api/users.api';
import { scriptedMain } from '@/testing/scripted-main';
import { useUsersStore } from './users.store';

function user(id: number, username: string): UserView {
  return {
    id,
    username,
    displayName: username,
    email: `${username}@example.test`,
    phone: null,
    role: 'member',
    status: 'active',
    canChangePassword: true,
    canSendSms: false,
    blockingDate: null,
    lockedUntil: null,
    mustChangePassword: false,
    twoFactorMethod: null,
    lastLoginAt: null,
    createdAt: '2026-03-01T09:00:00Z',
  };
}

/** Main's directory for one test: search, paging, create (usernames are unique). */
function usersMain(rows: UserView[]) {
  return scriptedMain({
    'users:list': (q) => {
      const hits = rows.filter((u) => !q.search || u.username.includes(q.search));
      const page = q.page ?? 1;
      const pageSize = q.pageSize ?? 20;
      return ok({
        items: hits.slice((page - 1) * pageSize, page * pageSize),
        total: hits.length,
        page,
        pageSize,
      });
    },
    'users:create': (input) => {
      if (rows.some((u) => u.username === input.username)) return err('conflict', 'username taken');
      const row = user(rows.length + 1, input.username);
      rows.push(row);
      return ok(row);
    },
  });
}

const newUser = (username: string): CreateUserInput => ({
  username,
  displayName: username,
  email: `${username}@example.test`,
  role: 'member',
  password: 'a long enough passphrase 42',
});
const many = (n: number) =>
  Array.from({ length: n }, (_, i) => user(i + 1, `user${String(i + 1).padStart(2, '0')}`));

describe('users store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('asks main for one page with the trimmed search; a new search starts again at page 1', async () => {
    const main = usersMain(many(45));
    const store = useUsersStore();
    await store.setPage(3);
    expect(store.items.map((u) => u.username)).toEqual(['user41', 'user42', 'user43', 'user44', 'user45']);
    await store.setQuery({ search: '  user1 ' });
    expect(main.calls.at(-1)?.input).toMatchObject({
      search: 'user1',
      page: 1,
      pageSize: 20,
      sort: 'username',
    });
    expect([store.total, store.items.length]).toEqual([10, 10]);
  });

  it('a created user appears without a manual reload; a refused one leaves the list and says why', async () => {
    const main = usersMain(many(2));
    const store = useUsersStore();
    await store.load();
    const created = await store.create(newUser('carol'));
    expect(created.ok).toBe(true);
    expect(store.items.map((u) => u.username)).toEqual(['user01', 'user02', 'carol']);
    const again = await store.create(newUser('carol'));
    expect(again.ok ? 'created' : again.code).toBe('conflict');
    expect(main.count('users:list')).toBe(2);
  });

  it('a failed page load keeps the rows and holds the error for the page', async () => {
    const rows = many(3);
    const main = usersMain(rows);
    const store = useUsersStore();
    await store.load();
    window.portcullis.users.list = () => Promise.resolve(err('session_expired', ''));
    await store.load();
    expect(store.items).toHaveLength(3);
    expect(store.error?.code).toBe('session_expired');
    expect(main.count('users:list')).toBe(1);
  });
});
