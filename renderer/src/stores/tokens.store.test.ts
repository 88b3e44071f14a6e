import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { ApiTokenView } from '@shared/ipc/contracts/tokens.contract';
import { err, ok } from '@shared/result';
import { errorText } from '@/i18n/error-text';
import { scriptedMain } from '@/testing/scripted-main';
import { useTokensStore } from './tokens.store';

function token(id: number, name: string, username = 'ann'): ApiTokenView {
  return {
    id,
    userId: 1,
    username,
    name,
    role: 'member',
    hint: 'pc_…abcd',
    createdAt: '2026-03-01T09:00:00Z',
    expiresAt: '2026-06-01T09:00:00Z',
    lastUsedAt: null,
    revokedAt: null,
    status: 'active',
  };
}

/** Main's token table for one test: revoking marks a row; tokens of others cannot be revoked. */
function tokensMain(rows: ApiTokenView[]) {
  return scriptedMain({
    'tokens:listMine': () => ok(rows.filter((r) => r.username === 'ann')),
    'tokens:listAll': (input) => {
      const match = rows.filter((r) => !input.user || r.username.includes(input.user));
      const page = input.page ?? 1;
      const pageSize = input.pageSize ?? 50;
      const items = match.slice((page - 1) * pageSize, page * pageSize);
      return ok({ items, total: match.length, page, pageSize });
    },
    'tokens:revoke': (input) => {
      const row = rows.find((r) => r.id === input.id && r.username === 'ann');
      if (!row) return err('not_found', 'no such token');
      Object.assign(row, { status: 'revoked', revokedAt: '2026-03-02T09:00:00Z' });
      return ok(null);
    },
    'tokens:revokeAny': (input) => {
      const row = rows.find((r) => r.id === input.id);
      if (!row) return err('not_found', 'no such token');
      Object.assign(row, { status: 'revoked', revokedAt: '2026-03-02T09:00:00Z' });
      return ok(null);
    },
    'tokens:create': (input) => {
      const row = token(rows.length + 1, input.name);
      rows.push(row);
      return ok({ token: row, secret: 'pc_secret' });
    },
  });
}

describe('tokens store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('revoking an own token shows it revoked without a manual reload', async () => {
    const main = tokensMain([token(1, 'ci'), token(2, 'deploy')]);
    const store = useTokensStore();
    await store.loadMine();
    const r = await store.revoke(2);
    expect(r.ok).toBe(true);
    expect(store.mine.map((t) => [t.name, t.status])).toEqual([
      ['ci', 'active'],
      ['deploy', 'revoked'],
    ]);
    expect(main.count('tokens:listMine')).toBe(2);
  });

  it('a refused revoke answers the reason as a sentence and still refreshes (someone else may have acted)', async () => {
    const main = tokensMain([token(1, 'ci'), token(5, 'theirs', 'bob')]);
    const store = useTokensStore();
    await store.loadMine();
    const r = await store.revoke(5);
    expect(r.ok ? 'revoked' : errorText(r)).toBe(
      'That item no longer exists. Reload the page and try again.',
    );
    expect(main.count('tokens:listMine')).toBe(2);
    expect(store.mine.map((t) => t.name)).toEqual(['ci']);
  });

  it('creating a token returns its secret once and the card lists it', async () => {
    tokensMain([token(1, 'ci')]);
    const store = useTokensStore();
    await store.loadMine();
    const r = await store.create({ name: 'backup job', months: 3, role: 'member' });
    expect(r.ok && r.value.secret).toBe('pc_secret');
    expect(store.mine.map((t) => t.name)).toEqual(['ci', 'backup job']);
  });

  it("the administrators' list keeps its owner filter when it refreshes", async () => {
    const main = tokensMain([token(1, 'ci'), token(5, 'theirs', 'bob')]);
    const store = useTokensStore();
    await store.loadAll('bob');
    expect(store.all.map((t) => t.name)).toEqual(['theirs']);
    await store.revokeAny(5);
    expect(main.calls.at(-1)).toEqual({
      channel: 'tokens:listAll',
      input: { user: 'bob', page: 1, pageSize: 50 },
    });
    expect(store.all.map((t) => [t.name, t.status])).toEqual([['theirs', 'revoked']]);
  });

  it("the administrators' list pages in main: page 21 of 1,050 tokens holds rows 1,001 to 1,050", async () => {
    const rows = Array.from({ length: 1050 }, (_, i) => token(i + 1, `t${i + 1}`, i % 2 ? 'bob' : 'ann'));
    const main = tokensMain(rows);
    const store = useTokensStore();
    await store.loadAll();
    expect(store.all).toHaveLength(50);
    expect(store.allTotal).toBe(1050);
    expect(store.allPagination.itemCount).toBe(1050);
    await store.setAllPage(21);
    expect(main.calls.at(-1)?.input).toEqual({ page: 21, pageSize: 50 });
    expect(store.all.map((t) => t.id)).toEqual(Array.from({ length: 50 }, (_, i) => 1001 + i));
    await store.revokeAny(1001);
    expect(store.allPagination.page).toBe(21);
    expect(store.all[0]?.status).toBe('revoked');
  });
});
