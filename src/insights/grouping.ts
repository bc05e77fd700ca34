import type { QuestionGrouper } from '../store/types.js';

/**
 * "The same question in other words": questions whose sentence vectors (the engine's encoder, unit
 * vectors) are at least this similar are counted together in /insights and /faq. Paraphrases such
 * as "how many strikes were there" / "number of strikes so far" score well above it with the
 * Universal Sentence Encoder; questions that merely share a topic ("who ordered the strikes" /
 * "where were the strikes") score below it. Set high on purpose: merging two different questions
 * hides one from moderators, while leaving two phrasings apart only splits a count.
 */
export const PARAPHRASE_SIMILARITY = 0.8;

/**
 * At most this many distinct questions are encoded per report (the rest stay grouped by their
 * normalised text only): encoding is about 10 ms a question, and a report should take seconds at most.
 */
export const MAX_ENCODED_QUESTIONS = 1_000;

/** Cosine similarity of two unit vectors: their dot product. */
function similarity(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) dot += (a[i] as number) * (b[i] as number);
  return dot;
}

/**
 * Groups by meaning with `encode` (the engine's `encode`: unit vectors, or undefined when the
 * encoder is off or not loaded, and then every question stands alone — the store has already
 * grouped identical normalised text). Greedy, in the order given: each question joins the most
 * similar earlier representative at or above `threshold`, else starts a group of its own.
 */
export function encoderGrouper(
  encode: (texts: string[]) => Promise<Float32Array[] | undefined>,
  threshold = PARAPHRASE_SIMILARITY,
): QuestionGrouper {
  return async (questions) => {
    const groups = questions.map((_, i) => i);
    const encoded = questions.slice(0, MAX_ENCODED_QUESTIONS);
    if (encoded.length < 2) return groups;
    const vectors = await encode([...encoded]);
    if (!vectors || vectors.length !== encoded.length) return groups;
    const representatives: number[] = [];
    for (const [i, vector] of vectors.entries()) {
      let best = -1;
      let bestScore = threshold;
      for (const r of representatives) {
        const score = similarity(vector, vectors[r] as Float32Array);
        if (score >= bestScore) {
          best = r;
          bestScore = score;
        }
      }
      if (best >= 0) groups[i] = best;
      else representatives.push(i);
    }
    return groups;
  };
}
