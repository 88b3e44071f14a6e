import { describe, expect, it } from 'vitest';
import { err, ok, type Result } from '@shared/result';
import { deferred } from '@/testing/scripted-main';

/** A request that answers at once. */
const answer = <T>(r: Result<T>) => Promise.resolve(r);
import { useRequest } from './use-request';

describe('useRequest', () => {
  it('is busy while a request is in flight, then holds its value', async () => {
    const r = useRequest<{ count: number }>();
    const answer = deferred<Result<{ count: number }>>();
    const pending = r.run(() => answer.promise);
    expect(r.busy.value).toBe(true);
    answer.resolve(ok({ count: 3 }));
    await pending;
    expect(r.busy.value).toBe(false);
    expect(r.result.value).toEqual({ count: 3 });
    expect(r.errorMessage.value).toBeNull();
  });

  it('turns a failed Result into the sentence a person reads; trying again hides it while it runs', async () => {
    const r = useRequest();
    await r.run(() => answer(err('not_found', 'token 7')));
    expect(r.error.value?.code).toBe('not_found');
    expect(r.errorMessage.value).toBe('That item no longer exists. Reload the page and try again.');
    await r.run(() => answer(err('retry_later', '', { seconds: 42 })));
    expect(r.errorMessage.value).toBe('Please wait 42 seconds before asking for another code.');
    const again = deferred<Result<null>>();
    const retry = r.run(() => again.promise);
    expect(r.errorMessage.value).toBeNull();
    again.resolve(ok(null));
    await retry;
    expect(r.errorMessage.value).toBeNull();
  });

  it('stays busy until the last of two overlapping requests answers; the older answer, arriving late, is ignored', async () => {
    const r = useRequest<string>();
    const first = deferred<Result<string>>();
    const second = deferred<Result<string>>();
    const a = r.run(() => first.promise);
    const b = r.run(() => second.promise);
    second.resolve(ok('newest'));
    await b;
    expect(r.busy.value).toBe(true);
    first.resolve(err('internal', 'late'));
    await a;
    expect(r.busy.value).toBe(false);
    expect(r.result.value).toBe('newest');
    expect(r.error.value).toBeNull();
  });

  it('value() answers the value or null; fail() shows a form check like a refusal; reset() forgets both', async () => {
    const r = useRequest();
    expect(await r.value(() => answer(ok({ id: 1 })))).toEqual({ id: 1 });
    expect(await r.value(() => answer(err('permission_denied', 'Only the owner can do that')))).toBeNull();
    expect(r.errorMessage.value).toBe('Only the owner can do that');
    r.fail('Enter a name.');
    expect(r.errorMessage.value).toBe('Enter a name.');
    r.reset();
    expect([r.errorMessage.value, r.result.value]).toEqual([null, null]);
  });

  it('a request that throws leaves it not busy', async () => {
    const r = useRequest();
    await expect(r.run(() => Promise.reject(new Error('bridge gone')))).rejects.toThrow('bridge gone');
    expect(r.busy.value).toBe(false);
  });
});
