import { describe, expect, it } from 'vitest';
import { LANGUAGES, type Language } from '../../../../shared/domain/language';
import { placeholdersOf, pluralFormsOf } from '../../../../shared/domain/message-template';
import { en, type MessageCatalog } from './catalog.en';
import { CATALOGS } from './render';

/** Every string of a catalogue by path ("templates.blocking_notice.lines.0"), brand fields left out. */
function strings(c: MessageCatalog): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'string') out.set(path, value);
    else if (value && typeof value === 'object')
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
  };
  walk({ ...c, language: undefined, appName: undefined, signOff: undefined }, '');
  return out;
}

const OTHERS = LANGUAGES.filter((l): l is Exclude<Language, 'en'> => l !== 'en');
const english = strings(en);

describe('email and SMS catalogues: every message in every language (issue 17)', () => {
  it('each catalogue is filed under its own language', () => {
    for (const l of LANGUAGES) expect(CATALOGS[l].language).toBe(l);
  });

  it.each(OTHERS)('%s has exactly the English strings, each with the same placeholders', (l) => {
    const other = strings(CATALOGS[l]);
    expect([...other.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [path, text] of english)
      expect([path, placeholdersOf(other.get(path) ?? '')]).toEqual([path, placeholdersOf(text)]);
  });

  it.each(OTHERS)('%s leaves nothing in English', (l) => {
    const other = strings(CATALOGS[l]);
    const same = [...english].filter(([path, text]) => other.get(path) === text).map(([p]) => p);
    expect(same).toEqual([]);
  });

  it('Russian text is Cyrillic, and every Russian plural lists one, few, many and other', () => {
    for (const [path, text] of strings(CATALOGS.ru)) {
      expect([path, /[а-яё]/i.test(text)]).toEqual([path, true]);
      for (const key of placeholdersOf(text))
        for (const forms of pluralFormsOf(text, key))
          expect([path, [...forms].sort()]).toEqual([path, ['few', 'many', 'one', 'other']]);
    }
  });

  it('a count in English or Spanish always names both one and other', () => {
    for (const l of ['en', 'es'] as const)
      for (const [path, text] of strings(CATALOGS[l]))
        for (const key of placeholdersOf(text))
          for (const forms of pluralFormsOf(text, key))
            expect([l, path, [...forms].sort()]).toEqual([l, path, ['one', 'other']]);
  });

  it('a word chosen by a count comes with the count itself', () => {
    for (const l of LANGUAGES)
      for (const [path, text] of strings(CATALOGS[l]))
        for (const key of placeholdersOf(text))
          if (pluralFormsOf(text, key).length > 0)
            expect([l, path, text.includes(`{${key}}`)]).toEqual([l, path, true]);
  });
});
