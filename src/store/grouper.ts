import type { QuestionGrouper } from './types.js';

/**
 * Two questions whose sentence vectors are at least this close (cosine) ask the same thing in other
 * words: "who is hegseth" and "tell me who hegseth is" are, "who is hegseth" and "who is starmer" are not.
 */
export const PARAPHRASE_SIMILARITY = 0.85;

/** The engine's sentence encoder: unit vectors, or undefined when it is off or not loaded. */
export type Encode = (texts: string[]) => Promise<Float32Array[] | undefined>;

function dot(a: Float32Array, b: Float32Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] as number) * (b[i] as number);
  return sum;
}

/**
 * A QuestionGrouper on a sentence encoder. The questions come most asked first, so each joins the
 * first earlier question it is close enough to, and a group is named by its most asked member.
 * Without vectors (SEMANTIC=off, the model not loaded) every question stands alone, and the store
 * groups by normalised text only.
 */
export function encoderGrouper(encode: Encode, threshold = PARAPHRASE_SIMILARITY): QuestionGrouper {
  return async (questions) => {
    const alone = questions.map((_, i) => i);
    const vectors = await encode([...questions]);
    if (!vectors || vectors.length !== questions.length) return alone;
    const reps: number[] = [];
    const heads: number[] = [];
    for (let i = 0; i < questions.length; i++) {
      const v = vectors[i] as Float32Array;
      const head = heads.find((h) => dot(vectors[h] as Float32Array, v) >= threshold);
      if (head === undefined) {
        heads.push(i);
        reps.push(i);
      } else {
        reps.push(head);
      }
    }
    return reps;
  };
}
