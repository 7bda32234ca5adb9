import "server-only";
import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import * as common from "@zxcvbn-ts/language-common";
import * as english from "@zxcvbn-ts/language-en";

/** zxcvbn's scale: 0 (guessed at once) … 4 (very hard). Anything below 3 is refused. */
export const MIN_PASSWORD_SCORE = 3;

let estimator: ZxcvbnFactory | undefined;

/**
 * Why `password` is too easy to guess, or null when it is strong enough. Estimated by zxcvbn-ts
 * with the common-password and English dictionaries, and the user's own name and email.
 */
export function passwordWeakness(password: string, userInputs: string[] = []): string | null {
  estimator ??= new ZxcvbnFactory({
    dictionary: { ...common.dictionary, ...english.dictionary },
    graphs: common.adjacencyGraphs,
    translations: english.translations,
  });
  const inputs = userInputs.flatMap((input) => [input, ...input.split(/[@.\s_-]+/)]);
  const result = estimator.check(password, inputs.filter(Boolean));
  if (result.score >= MIN_PASSWORD_SCORE) return null;
  const why = result.feedback.warning ?? result.feedback.suggestions[0];
  return `This password is too easy to guess${why ? `: ${why.replace(/\.$/, "")}` : ""}. Try a longer phrase of unrelated words.`;
}
