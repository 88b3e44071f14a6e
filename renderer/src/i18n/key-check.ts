// The checks behind keys.test.ts: every locale has exactly the English keys, the same parameters,
// the plural forms its language needs, and no text left in English unless allowed with a reason.

/** A nested message tree as the locale files write it. */
export interface MessageTree {
  [key: string]: string | MessageTree;
}

/** Every message as "path.to.key" → text. */
export function flatten(tree: MessageTree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (typeof value === 'string') out.set(path, value);
    else for (const [k, v] of flatten(value, path)) out.set(k, v);
  }
  return out;
}

/** The named parameters of a message ("{count}"), sorted; literals like {'@'} are not parameters. */
export function placeholders(message: string): string[] {
  const names = [...message.matchAll(/\{\s*([A-Za-z_][\w]*)\s*\}/g)].map((m) => m[1] ?? '');
  return [...new Set(names)].sort();
}

/** How many plural forms a message has ("a | b" → 2). */
export function pluralForms(message: string): number {
  return message.split(/\s\|\s/).length;
}

/** How many plural forms a language writes where English has two. */
const PLURAL_FORMS: Record<string, number> = { en: 2, es: 2, ru: 3 };

/** True when a text has something to translate (letters), not only "—" or "{n}". */
function hasWords(message: string): boolean {
  return /\p{L}{2,}/u.test(message.replace(/\{[^}]*\}/g, ''));
}

/**
 * Problems of one locale against English, one line each ("missing: a.b"); empty when it is
 * complete. `sameAsEnglish` lists texts that may stay as in English ("SMS"), each with its reason.
 */
export function localeProblems(
  locale: string,
  english: MessageTree,
  other: MessageTree,
  sameAsEnglish: Record<string, string>,
): string[] {
  const en = flatten(english);
  const tr = flatten(other);
  const problems: string[] = [];
  for (const [key, text] of en) if (!tr.has(key)) problems.push(`missing: ${key} ("${text}")`);
  for (const key of tr.keys()) if (!en.has(key)) problems.push(`extra: ${key}`);
  for (const [key, source] of en) {
    const text = tr.get(key);
    if (text === undefined) continue;
    const want = placeholders(source).join(',');
    const got = placeholders(text).join(',');
    if (want !== got) problems.push(`parameters: ${key} has {${got}} but English has {${want}}`);
    const forms = pluralForms(source);
    const needed = forms > 1 ? (PLURAL_FORMS[locale] ?? forms) : 1;
    const written = pluralForms(text);
    // A language with more forms may write them where English needs none, if the caller passes a count.
    if (forms > 1 ? written !== needed : written !== 1 && written !== PLURAL_FORMS[locale])
      problems.push(`plural forms: ${key} has ${String(written)}, ${locale} needs ${String(needed)}`);
    if (text === source && hasWords(source) && !(source in sameAsEnglish))
      problems.push(`untranslated: ${key} is still "${source}"`);
    if (text.trim() === '') problems.push(`empty: ${key}`);
  }
  const kept = new Set([...tr].filter(([key, text]) => en.get(key) === text).map(([, text]) => text));
  for (const text of Object.keys(sameAsEnglish))
    if (!kept.has(text)) problems.push(`stale allow-list entry: "${text}" is used nowhere now; remove it`);
  return problems;
}
