/**
 * Decide: rank or refuse. Takes the lexical candidates (with their coverage: the share of the question's meaning their
 * words hold) and, when the encoder is on, the cosine between the question and each passage, and returns the answers
 * best first, or none.
 *
 * - Refuse unless the words cover enough of the question (`minCoverage`, and the encoder agrees the more the nearer
 *   the coverage is to that bar: `meaning.agreedCoverage`) or the encoder is confident of some passage
 *   (`meaning.confidentCosine`): near-miss questions built from a story's own words have high word coverage or high
 *   cosine, rarely both; in-scope paraphrases have a high cosine.
 * - Candidates: lexical ones holding enough of the question after the best (`minFollowerCoverage`,
 *   `minRelativeCoverage`), plus the nearest passages by meaning the words missed, when close enough.
 * - Order: `lexicalWeight` × coverage + the rest × cosine. Without the encoder, the lexical order (BM25 × coverage²…).
 */
import type { Ranking } from './ranking.js';
import type { Passage } from './types.js';

/** A passage the search found, with how much of the question it holds. */
export interface Candidate {
  passage: Passage;
  score: number;
  coverage: number;
  matched: string[];
}

/** What the encoder says of a question: the cosine of any candidate, and the nearest passages by meaning. */
export interface Meaning {
  cosine(passage: Passage): number;
  /** The nearest passages, best first (empty when the archive is too large to search by meaning alone). */
  nearest: readonly { passage: Passage; cosine: number }[];
}

export function decide(lexical: readonly Candidate[], meaning: Meaning | null, ranking: Ranking): Candidate[] {
  if (!meaning) {
    // Words alone: the best-scored passage must hold enough of the question.
    const first = lexical[0]?.coverage ?? 0;
    return first < ranking.minCoverage ? [] : followers(lexical, first, ranking);
  }
  const bestCoverage = lexical.reduce((best, c) => Math.max(best, c.coverage), 0);
  const m = ranking.meaning;
  const cosines = new Map<Passage, number>();
  for (const c of lexical) cosines.set(c.passage, meaning.cosine(c.passage));
  const bestCosine = Math.max(meaning.nearest[0]?.cosine ?? 0, ...cosines.values());
  if (bestCosine < m.confidentCosine && !wordsSuffice(bestCoverage, bestCosine, ranking)) return [];
  const kept = bestCoverage > 0 ? followers(lexical, bestCoverage, ranking) : [];
  const floor = Math.max(m.candidateCosine, bestCosine * m.candidateRelativeCosine);
  const have = new Set(kept.map((c) => c.passage));
  const joined = meaning.nearest
    .filter((n) => n.cosine >= floor && !have.has(n.passage))
    .map((n) => ({ passage: n.passage, score: 0, coverage: 0, matched: [] as string[] }));
  // The words' evidence is the share of the question a passage holds, not its BM25 score: over single sentences that
  // swings with term counts and length (one passage scoring ten times the next) and drowns the encoder's order.
  const fused = [...kept, ...joined].map((c) => {
    const cosine = cosines.get(c.passage) ?? meaning.cosine(c.passage);
    return { ...c, score: m.lexicalWeight * c.coverage + (1 - m.lexicalWeight) * cosine };
  });
  return fused.sort((a, b) => b.score - a.score || a.passage.index - b.passage.index);
}

/**
 * Whether the words answer without a confident encoder: they must cover `minCoverage` of the question, and the less
 * they cover beyond it the more the encoder must agree (`coverage + agreementWeight × cosine ≥ agreedCoverage`). A
 * near-miss built from the story's words often covers just enough while its meaning is nowhere in the story.
 */
function wordsSuffice(coverage: number, cosine: number, ranking: Ranking): boolean {
  const m = ranking.meaning;
  return coverage >= ranking.minCoverage && coverage + m.agreementWeight * cosine >= m.agreedCoverage;
}

/** The lexical candidates worth giving after the best: they need less on their own, being further reading. */
function followers(lexical: readonly Candidate[], bestCoverage: number, ranking: Ranking): Candidate[] {
  const floor = Math.max(ranking.minFollowerCoverage, bestCoverage * ranking.minRelativeCoverage);
  return lexical.filter((c) => c.coverage >= floor);
}
