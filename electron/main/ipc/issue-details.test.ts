import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { issueDetails } from './issue-details';
import { windowCaller } from '../../../tests/support/services';
import { servicesPerTest } from '../../../tests/support/per-test';
import { OWNER } from '../../../tests/support/people';

const fail = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  if (r.success) throw new Error('the schema accepted the value');
  return issueDetails(r.error);
};

describe('issueDetails (invalid_input details for the renderer)', () => {
  const user = z.object({
    profile: z.object({ username: z.string().min(3).max(32), email: z.email() }),
    tags: z.array(z.string()).max(2),
    age: z.number().int().gte(18),
  });
  const good = { profile: { username: 'abc', email: 'a@b.example' }, tags: [], age: 20 };

  it('names a nested field, the zod code and the bound, never the value', () => {
    const secret = 'hunter2-secret-value-that-is-far-too-long-for-the-field';
    const d = fail(user, { ...good, profile: { ...good.profile, username: secret } });
    expect(d).toEqual({
      field: 'profile.username',
      issue: 'too_big',
      origin: 'string',
      maximum: 32,
      inclusive: true,
    });
    expect(JSON.stringify(d)).not.toContain('hunter2');
    expect(fail(user, { ...good, profile: { ...good.profile, username: 'a' } })).toMatchObject({
      field: 'profile.username',
      issue: 'too_small',
      minimum: 3,
    });
  });

  it('gives the format of a string format and the minimum of a number', () => {
    const d = fail(user, { ...good, profile: { ...good.profile, email: 'not-an-email' } });
    expect(d).toMatchObject({ field: 'profile.email', issue: 'invalid_format', format: 'email' });
    expect(JSON.stringify(d)).not.toContain('not-an-email');
    expect(fail(user, { ...good, age: 3 })).toMatchObject({
      field: 'age',
      issue: 'too_small',
      origin: 'number',
      minimum: 18,
    });
  });

  it('uses index paths for arrays and the expected type for wrong types', () => {
    expect(fail(user, { ...good, tags: ['a', 5] })).toMatchObject({
      field: 'tags.1',
      issue: 'invalid_type',
      expected: 'string',
    });
    expect(fail(user, { ...good, tags: ['a', 'b', 'c'] })).toMatchObject({
      field: 'tags',
      issue: 'too_big',
      origin: 'array',
      maximum: 2,
    });
  });

  it('keeps every detail a scalar (the Err details type) and the field empty at the root', () => {
    const d = fail(z.object({ a: z.string() }), 'not an object');
    expect(d).toMatchObject({ field: '', issue: 'invalid_type', expected: 'object' });
    for (const v of Object.values(d)) expect(['string', 'number', 'boolean']).toContain(typeof v);
  });
});

describe('pipeline invalid_input carries the details', () => {
  const app = servicesPerTest();
  it('answers a bad email on auth:createOwner with field + issue + format and no value', async () => {
    const r = await app.container.pipeline.dispatch(windowCaller('w1').caller, 'auth:createOwner', {
      ...OWNER,
      email: 'nope-not-mail',
    });
    expect(r).toMatchObject({
      ok: false,
      code: 'invalid_input',
      details: { field: 'email', issue: 'invalid_format', format: 'email' },
    });
    expect(JSON.stringify(r)).not.toContain('nope-not-mail');
    expect(JSON.stringify(r)).not.toContain(OWNER.password);
  });
});
