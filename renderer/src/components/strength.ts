import type { ZxcvbnFactory } from '@zxcvbn-ts/core';

let factory: Promise<ZxcvbnFactory> | undefined;

/** zxcvbn-ts with the common and English dictionaries, loaded on first use (it is large). */
function load(): Promise<ZxcvbnFactory> {
  factory ??= Promise.all([
    import('@zxcvbn-ts/core'),
    import('@zxcvbn-ts/language-common'),
    import('@zxcvbn-ts/language-en'),
  ]).then(
    ([core, common, en]) =>
      new core.ZxcvbnFactory({
        dictionary: { ...common.dictionary, ...en.dictionary },
        graphs: common.adjacencyGraphs,
        translations: en.translations,
      }),
  );
  return factory;
}

/** Strength of a password: score 0–4 and zxcvbn's advice, with the user's own words penalised. */
export async function estimateStrength(
  password: string,
  userInputs: string[],
): Promise<{ score: number; warning: string; suggestions: string[] }> {
  const z = await load();
  const r = z.check(password, userInputs);
  return { score: r.score, warning: r.feedback.warning ?? '', suggestions: r.feedback.suggestions };
}
