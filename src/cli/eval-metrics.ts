/**
 * Answer-quality metrics for `npm run eval`: pure functions over rankings of passage texts.
 * A question is in scope when it has gold strings; a passage is right when it contains any of them.
 * An out-of-scope question (no gold) is handled well only when the engine returns no passage at all.
 */
import { z } from 'zod';

export const evalQuestionSchema = z.object({
  q: z.string().trim().min(1),
  /** Verbatim substrings of the right passages; `[]` = the story does not answer it. */
  gold: z.array(z.string().min(1)),
  tag: z.string().optional(),
});
export type EvalQuestion = z.infer<typeof evalQuestionSchema>;

/** Parses a questions file: one JSON object a line, blank lines ignored. Throws an Error naming the bad line. */
export function parseQuestions(jsonl: string, source = 'questions'): EvalQuestion[] {
  const questions: EvalQuestion[] = [];
  jsonl.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw new Error(`${source}:${i + 1}: not valid JSON`);
    }
    const parsed = evalQuestionSchema.safeParse(value);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new Error(`${source}:${i + 1}: ${issue ? `${issue.path.join('.') || 'line'}: ${issue.message}` : 'invalid'}`);
    }
    questions.push(parsed.data);
  });
  return questions;
}

export function isRelevant(text: string, gold: readonly string[]): boolean {
  return gold.some((g) => text.includes(g));
}

/** 1-based rank of the first right passage in `ranking`, or null when none is right. */
export function firstRelevantRank(ranking: readonly string[], gold: readonly string[]): number | null {
  const i = ranking.findIndex((text) => isRelevant(text, gold));
  return i === -1 ? null : i + 1;
}

/** What one engine did with one question. */
export interface Outcome {
  inScope: boolean;
  /** How many passages came back (0 = abstained). */
  returned: number;
  /** Rank of the first right passage (in-scope only), or null. */
  rank: number | null;
}

export function outcome(question: Pick<EvalQuestion, 'gold'>, ranking: readonly string[]): Outcome {
  const inScope = question.gold.length > 0;
  return { inScope, returned: ranking.length, rank: inScope ? firstRelevantRank(ranking, question.gold) : null };
}

export interface Metrics {
  inScope: number;
  outOfScope: number;
  /** Share of in-scope questions with a right passage at rank ≤ 1 / ≤ 3. */
  recallAt1: number;
  recallAt3: number;
  /** Mean reciprocal rank of the first right passage over in-scope questions (0 when none is right). */
  mrr: number;
  /** Share of out-of-scope questions that got no passage. */
  oosAbstained: number;
  /** Share of in-scope questions that got at least one passage. */
  inScopeAnswered: number;
  /** Share of all questions answered usefully: a right passage in the top 3 when in scope, no passage when not. */
  useful: number;
}

export function recallAt(outcomes: readonly Outcome[], k: number): number {
  return share(
    outcomes.filter((o) => o.inScope),
    (o) => o.rank !== null && o.rank <= k,
  );
}

export function meanReciprocalRank(outcomes: readonly Outcome[]): number {
  const inScope = outcomes.filter((o) => o.inScope);
  if (inScope.length === 0) return 0;
  return inScope.reduce((sum, o) => sum + (o.rank === null ? 0 : 1 / o.rank), 0) / inScope.length;
}

export function abstentionRate(outcomes: readonly Outcome[]): number {
  return share(
    outcomes.filter((o) => !o.inScope),
    (o) => o.returned === 0,
  );
}

export function answeredRate(outcomes: readonly Outcome[]): number {
  return share(
    outcomes.filter((o) => o.inScope),
    (o) => o.returned > 0,
  );
}

/** Share of questions answered usefully: in scope, a right passage within the top 3; out of scope, no passage. */
export function usefulRate(outcomes: readonly Outcome[]): number {
  return share(outcomes, (o) => (o.inScope ? o.rank !== null && o.rank <= 3 : o.returned === 0));
}

export function metrics(outcomes: readonly Outcome[]): Metrics {
  return {
    inScope: outcomes.filter((o) => o.inScope).length,
    outOfScope: outcomes.filter((o) => !o.inScope).length,
    recallAt1: recallAt(outcomes, 1),
    recallAt3: recallAt(outcomes, 3),
    mrr: meanReciprocalRank(outcomes),
    oosAbstained: abstentionRate(outcomes),
    inScopeAnswered: answeredRate(outcomes),
    useful: usefulRate(outcomes),
  };
}

/** Share of `items` for which `test` holds; 0 for no items (a rate over nothing is reported as 0, never NaN). */
function share<T>(items: readonly T[], test: (item: T) => boolean): number {
  return items.length === 0 ? 0 : items.filter(test).length / items.length;
}

/**
 * How well a signal tells in-scope questions from out-of-scope ones: the probability that a random in-scope question
 * scores above a random out-of-scope one (ties count half) — the area under the ROC curve. 0.5 is no better than
 * chance, 1 a perfect refusal bar; null when either side has no questions.
 */
export function separability(inScope: readonly number[], outOfScope: readonly number[]): number | null {
  if (inScope.length === 0 || outOfScope.length === 0) return null;
  let wins = 0;
  for (const a of inScope) for (const b of outOfScope) wins += a > b ? 1 : a === b ? 0.5 : 0;
  return wins / (inScope.length * outOfScope.length);
}
