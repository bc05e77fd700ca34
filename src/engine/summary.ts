import { analyzeText } from './analyze.js';
import type { Passage } from './types.js';

/**
 * Extractive summary by centrality (LexRank: PageRank over the cosine similarity of the
 * passages' tf-idf vectors), with a mild lead prior because news stories put the most
 * important facts first. Returns the `count` most central passages in story order, never furniture.
 */
export function summarize(story: readonly Passage[], count: number): Passage[] {
  // Furniture is never part of a summary, whoever calls this.
  const passages = story.filter((p) => !p.furniture);
  if (passages.length <= count) return passages;
  const bags = passages.map((p) => {
    const bag = new Map<string, number>();
    for (const term of analyzeText(p.text)) bag.set(term, (bag.get(term) ?? 0) + 1);
    return bag;
  });
  const df = new Map<string, number>();
  for (const bag of bags) for (const term of bag.keys()) df.set(term, (df.get(term) ?? 0) + 1);
  const n = passages.length;
  const vectors = bags.map((bag) => {
    const vector = new Map<string, number>();
    let norm = 0;
    for (const [term, tf] of bag) {
      const weight = tf * Math.log(1 + n / (df.get(term) ?? 1));
      vector.set(term, weight);
      norm += weight * weight;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [term, weight] of vector) vector.set(term, weight / norm);
    return vector;
  });
  const similarity = vectors.map((a) =>
    vectors.map((b) => {
      let dot = 0;
      for (const [term, weight] of a) dot += weight * (b.get(term) ?? 0);
      return dot;
    }),
  );
  const damping = 0.85;
  let rank = new Array<number>(n).fill(1 / n);
  const rowSums = similarity.map((row, i) => row.reduce((sum, s, j) => sum + (i === j ? 0 : s), 0));
  for (let iteration = 0; iteration < 50; iteration++) {
    const next = new Array<number>(n).fill((1 - damping) / n);
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        if (i === j || (rowSums[j] ?? 0) === 0) continue;
        next[i] = (next[i] ?? 0) + damping * (rank[j] ?? 0) * ((similarity[j]?.[i] ?? 0) / (rowSums[j] ?? 1));
      }
    }
    rank = next;
  }
  // Lead prior: the first passages of a news story carry its main facts.
  const scores = rank.map((r, i) => r * (1 + 1 / (1 + i / 3)));
  // A passage too short to stand alone ("All 6 were killed.") makes a poor summary line.
  const chosen = scores
    .map((score, i) => ({ i, score: (passages[i]?.text.length ?? 0) < 40 ? score / 2 : score }))
    .sort((a, b) => b.score - a.score)
    .slice(0, count)
    .map((c) => c.i)
    .sort((a, b) => a - b);
  return chosen.map((i) => passages[i] as Passage);
}
