import type { Language } from './language';

/** Values a message template is filled from. */
export type TemplateValues = Readonly<Record<string, string | number>>;

/**
 * `{key}` is the value; `{key|one:day|other:days}` is the word for the value's plural category
 * in the template's language (Intl.PluralRules: Russian has one, few, many, other), `other` when
 * the category is not listed. Forms may not contain `|`, `{` or `}`.
 */
const PLACEHOLDER = /\{(\w+)((?:\|[a-z]+:[^|{}]*)*)\}/g;

const rules = new Map<Language, Intl.PluralRules>();

/** The plural category of `n` in `language` ('one', 'few', 'many', 'other', ...). */
export function pluralCategory(language: Language, n: number): Intl.LDMLPluralRule {
  let r = rules.get(language);
  if (!r) rules.set(language, (r = new Intl.PluralRules(language)));
  return r.select(n);
}

function pluralForm(language: Language, forms: string, value: string | number | undefined): string {
  const byCategory = new Map(
    forms
      .slice(1)
      .split('|')
      .map((f) => [f.slice(0, f.indexOf(':')), f.slice(f.indexOf(':') + 1)] as const),
  );
  const n = typeof value === 'number' ? value : Number(value);
  const category = Number.isFinite(n) ? pluralCategory(language, n) : 'other';
  return byCategory.get(category) ?? byCategory.get('other') ?? '';
}

/**
 * Fills `template` in `language`. A key without a value is left as `{key}` unless `missing`
 * names a stand-in for it.
 */
export function fillTemplate(
  template: string,
  values: TemplateValues,
  language: Language,
  missing: (key: string) => string | undefined = () => undefined,
): string {
  return template.replace(PLACEHOLDER, (whole, key: string, forms: string) => {
    const value = Object.hasOwn(values, key) ? values[key] : undefined;
    if (forms) return pluralForm(language, forms, value);
    if (value !== undefined) return String(value);
    return missing(key) ?? whole;
  });
}

/** The keys a template uses, sorted, each once (for "same placeholders in every language" tests). */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ''))].sort();
}

/** Plural categories a template lists for `key`, in the order written (tests check Russian has all). */
export function pluralFormsOf(template: string, key: string): string[][] {
  return [...template.matchAll(PLACEHOLDER)]
    .filter((m) => m[1] === key && m[2])
    .map((m) =>
      (m[2] ?? '')
        .slice(1)
        .split('|')
        .map((f) => f.slice(0, f.indexOf(':'))),
    );
}
