import { beforeEach, describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { AccountOverview } from '@shared/ipc/contracts/account.contract';
import { err, ok } from '@shared/result';
import { errorText } from '@/i18n/error-text';
import { scriptedMain } from '@/testing/scripted-main';
import { useMySecurityStore } from './my-security.store';

/** Main's view of one account: an email change waits for its code (123456). */
function accountMain() {
  const account: AccountOverview = {
    username: 'ann',
    email: 'ann@example.test',
    pendingEmail: null,
    canChangePassword: true,
    passwordChangedAt: null,
    passwordExpiresAt: null,
    policy: { minLength: 12, maxLength: 256, historyCount: 5, maxAgeDays: 0, contextWords: [] },
    notifyBlocking: false,
    blockingDate: null,
    emailServiceOn: true,
  };
  const main = scriptedMain({
    'account:overview': () => ok({ ...account }),
    'account:requestEmailChange': (input) => {
      account.pendingEmail = input.email;
      return ok({ pendingEmail: input.email, expiresAt: '2026-03-02T10:00:00Z' });
    },
    'account:confirmEmailChange': (input) => {
      if (input.code !== '123456' || !account.pendingEmail)
        return err('invalid_code', 'wrong code', { attemptsLeft: 4 });
      account.email = account.pendingEmail;
      account.pendingEmail = null;
      return ok({ email: account.email });
    },
  });
  return { main, account };
}

describe('my-security store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
  });

  it('after each email-change step the page shows what main now holds, without a manual reload', async () => {
    const { main } = accountMain();
    const store = useMySecurityStore();
    await store.load();
    await store.requestEmailChange('ann@new.example');
    expect(store.overview?.pendingEmail).toBe('ann@new.example');
    const wrong = await store.confirmEmailChange('000000');
    expect(wrong.ok ? 'changed' : errorText(wrong)).toBe('That code is not correct. Attempts left: 4.');
    expect(store.overview?.email).toBe('ann@example.test');
    await store.confirmEmailChange('123456');
    expect([store.overview?.email, store.overview?.pendingEmail]).toEqual(['ann@new.example', null]);
    expect(main.count('account:overview')).toBe(4);
  });
});
