/**
 * Russian plural choice for vue-i18n: messages are written "one | few | many"
 * ("{n} минута | {n} минуты | {n} минут"). Two-form messages fall back to singular/plural.
 */
export function russianPlural(choice: number, choicesLength: number): number {
  const n = Math.abs(choice);
  if (choicesLength < 3) return n === 1 ? 0 : Math.min(1, choicesLength - 1);
  if (!Number.isInteger(n)) return 2; // "1,5 минуты" reads better with the many form here
  const form = russianRules.select(n);
  if (form === 'one') return 0;
  if (form === 'few') return 1;
  return 2;
}

const russianRules = new Intl.PluralRules('ru');
