import { describe, expect, it } from 'vitest';
import { LANGUAGES } from '@shared/domain/language';
import { i18n, messages } from './index';
import { flatten, localeProblems, placeholders, type MessageTree } from './key-check';

/** Texts that really are the same as in English, per language, each with its reason. */
const SAME_AS_ENGLISH: Record<'es' | 'ru', Record<string, string>> = {
  es: {
    Portcullis: 'product name',
    SMS: 'the abbreviation Spanish uses too',
    '2FA': 'the abbreviation stays, next to "autenticación en dos pasos" in full',
    STARTTLS: 'protocol name',
    'smtp.example.com': 'example host name (a reserved domain)',
    Token: 'Spanish uses "token" for an access token',
    Tokens: 'Spanish uses "token" for an access token',
    No: 'the same word in Spanish',
    Auditor: 'the same word in Spanish',
  },
  ru: {
    Portcullis: 'product name',
    SMS: 'the abbreviation Russian uses too',
    '2FA': 'the abbreviation stays, next to "двухфакторная аутентификация" in full',
    STARTTLS: 'protocol name',
    'smtp.example.com': 'example host name (a reserved domain)',
  },
};

const english = messages.en as MessageTree;

describe('every language has every English key, translated', () => {
  for (const locale of ['es', 'ru'] as const) {
    it(`${locale}: no missing, extra, untranslated key and the same parameters`, () => {
      const problems = localeProblems(locale, english, messages[locale], SAME_AS_ENGLISH[locale]);
      expect(problems, problems.join('\n')).toEqual([]);
    });
  }

  it('no English text changed since es and ru were translated from it', async () => {
    // A changed English text shows as a diff here. Update es/ru first, then record the English:
    // npx vitest run --project renderer -u renderer/src/i18n/keys.test.ts
    const now = Object.fromEntries(flatten(english));
    await expect(`${JSON.stringify(now, null, 1)}\n`).toMatchFileSnapshot('./translated-from.en.json');
  });

  it('every message of every language compiles and fills its parameters', () => {
    const failures: string[] = [];
    for (const locale of LANGUAGES) {
      for (const [key, text] of flatten(messages[locale])) {
        const named = Object.fromEntries(placeholders(text).map((p) => [p, 7]));
        try {
          const out = i18n.global.t(key, named, { locale, plural: 7 });
          if (out === key || /\{\s*\w+\s*\}/.test(out)) failures.push(`${locale} ${key}: "${out}"`);
        } catch (e) {
          failures.push(`${locale} ${key}: ${String(e).split('\n')[0] ?? ''}`);
        }
      }
    }
    expect(failures, failures.join('\n')).toEqual([]);
  });
});

describe('the check itself', () => {
  const base: MessageTree = { a: { b: 'Sign in', c: '{n} user | {n} users', d: 'Hello {name}' } };

  it('reports a missing key, an extra key, a changed parameter and an English leftover', () => {
    const broken: MessageTree = {
      a: { b: 'Sign in', c: '{n} usuario | {n} usuarios', d: 'Hola {nombre}', e: 'x' },
    };
    expect(localeProblems('es', base, broken, {})).toEqual([
      'extra: a.e',
      'untranslated: a.b is still "Sign in"',
      'parameters: a.d has {nombre} but English has {name}',
    ]);
    expect(localeProblems('es', base, { a: { b: 'Entrar', c: '{n} u | {n} us' } }, {})).toEqual([
      'missing: a.d ("Hello {name}")',
    ]);
  });

  it('asks Russian for three plural forms and allows a listed English text', () => {
    const ru: MessageTree = {
      a: { b: 'Sign in', c: '{n} пользователь | {n} пользователей', d: 'Привет, {name}' },
    };
    expect(localeProblems('ru', base, ru, { 'Sign in': 'test', Unused: 'test' })).toEqual([
      'plural forms: a.c has 2, ru needs 3',
      'stale allow-list entry: "Unused" is used nowhere now; remove it',
    ]);
  });
});

describe('Russian plurals', () => {
  const minutes = (n: number) =>
    i18n.global.t('errors.retryLaterMinutes', { minutes: n }, { locale: 'ru', plural: n });

  it('picks one / few / many like a Russian speaker', () => {
    expect(minutes(1)).toContain('1 минуту');
    expect(minutes(21)).toContain('21 минуту');
    expect(minutes(2)).toContain('2 минуты');
    expect(minutes(24)).toContain('24 минуты');
    expect(minutes(5)).toContain('5 минут ');
    expect(minutes(11)).toContain('11 минут ');
    expect(minutes(12)).toContain('12 минут ');
    expect(minutes(0)).toContain('0 минут ');
  });

  it('keeps two forms in Spanish and English', () => {
    expect(i18n.global.t('apiTokens.months', { n: 1 }, { locale: 'es', plural: 1 })).toBe('1 mes');
    expect(i18n.global.t('apiTokens.months', { n: 5 }, { locale: 'es', plural: 5 })).toBe('5 meses');
    expect(i18n.global.t('apiTokens.months', { n: 2 }, { locale: 'ru', plural: 2 })).toBe('2 месяца');
  });
});
