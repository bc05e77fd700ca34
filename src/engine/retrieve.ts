/**
 * Retrieve: the candidate passages of a question — by its words (MiniSearch over the passage, its speaker and the
 * sentence before) and by meaning (the nearest passage vectors to the question's).
 */
import type MiniSearch from 'minisearch';
import type { SearchResult } from 'minisearch';
import { ENTITY_PREFIX } from './analyze.js';
import type { IndexedDoc } from './build.js';
import type { Meaning } from './decide.js';
import type { PassageVectors } from './meaning.js';
import type { Concept, ParsedQuestion } from './question.js';
import type { Ranking } from './ranking.js';
import type { Passage } from './types.js';

/** What retrieval needs of the index. */
export interface RetrieveContext {
  answerable: readonly Passage[];
  search: MiniSearch<IndexedDoc>;
  documentFrequency: Map<string, number>;
  ranking: Ranking;
}

export interface LexicalResults {
  results: SearchResult[];
  /** Terms too common to search, to be checked in each candidate instead. */
  common: string[];
}

/** Passages by the question's words, best first (at most `ranking.candidates`), or none. */
export function lexicalCandidates(question: ParsedQuestion, index: RetrieveContext, storyId: string | undefined): LexicalResults {
  const none = { results: [], common: [] };
  if (question.concepts.reduce((sum, c) => sum + c.importance, 0) === 0) return none;
  // A country or body the stories never name: whatever else matches, they do not answer this.
  if (question.concepts.some((c) => namesUnknownEntity(c, index.documentFrequency))) return none;
  const boosts = termBoosts(question, index.ranking);
  const terms = [...boosts.keys()].filter((term) => index.documentFrequency.has(term));
  if (terms.length === 0) return none;
  // In a large archive a common word ("said", "official") is in a good share of all passages: searching it
  // would score them all. Search the rarer words, then check the candidates for the common ones.
  const { ranking } = index;
  const commonDf = Math.max(ranking.commonTermMinPassages, index.answerable.length * ranking.commonTermShare);
  const speakerTerms = new Set(question.speaker?.flatMap((c) => c.present.map(([term]) => term)) ?? []);
  const rare = terms.filter((term) => (index.documentFrequency.get(term) ?? 0) <= commonDf || speakerTerms.has(term));
  const common = rare.length > 0 ? terms.filter((term) => !rare.includes(term)) : [];
  const results = index.search.search((rare.length > 0 ? rare : terms).join(' '), {
    boost: ranking.fields,
    combineWith: 'OR',
    boostTerm: booster(boosts),
    ...(storyId ? { filter: inStory(index.answerable, storyId) } : {}),
  });
  return { results: results.slice(0, ranking.candidates), common };
}

// Closures of the answer path are made by these helpers, not named inline: under tsx (esbuild's keepNames) every
// named function expression costs a defineProperty each time it is created, once per question or per candidate.

/** Whether the concept names a country or body (an entity) the stories never name. */
function namesUnknownEntity(concept: Concept, documentFrequency: Map<string, number>): boolean {
  for (const term of concept.alternatives.keys()) if (term.startsWith(ENTITY_PREFIX) && !documentFrequency.has(term)) return true;
  return false;
}

function booster(boosts: Map<string, number>): (term: string) => number {
  return (term) => boosts.get(term) ?? 1;
}

function inStory(answerable: readonly Passage[], storyId: string): (result: SearchResult) => boolean {
  return (result) => answerable[result.id]?.storyId === storyId;
}

/** Each index term the question can match, with the weight of its best concept. */
function termBoosts(question: ParsedQuestion, ranking: Ranking): Map<string, number> {
  const boosts = new Map<string, number>();
  for (const concept of question.concepts) {
    for (const [term, weight] of concept.alternatives) boosts.set(term, Math.max(boosts.get(term) ?? 0, weight));
    // A phrase's words fetch candidates at a share of its weight: it counts only where they stand together.
    for (const phrase of concept.phrases) {
      for (const term of phrase.terms) boosts.set(term, Math.max(boosts.get(term) ?? 0, phrase.weight * ranking.phraseFetchShare));
    }
  }
  return boosts;
}

/**
 * What the encoder says of a question: the cosine of any passage, and the nearest passages by meaning (within one
 * story when asked). Above `meaning.denseSearchLimit` passages only the cosines of the lexical candidates are used.
 */
export function meaningCandidates(
  query: Float32Array,
  vectors: PassageVectors,
  position: ReadonlyMap<Passage, number>,
  pool: readonly Passage[],
  ranking: Ranking,
): Meaning {
  const cosine = (passage: Passage) => vectors.cosine(position.get(passage) ?? 0, query);
  if (position.size > ranking.meaning.denseSearchLimit) return { cosine, nearest: [] };
  return { cosine, nearest: topBy(pool, cosine, ranking.meaning.nearest) };
}

/** The `count` passages with the highest cosine, best first (ties in the given order). */
function topBy(items: readonly Passage[], value: (item: Passage) => number, count: number): { passage: Passage; cosine: number }[] {
  const top: { passage: Passage; cosine: number }[] = [];
  for (const item of items) {
    const v = value(item);
    if (top.length === count && v <= (top[top.length - 1]?.cosine ?? 0)) continue;
    let at = top.length;
    while (at > 0 && (top[at - 1]?.cosine ?? 0) < v) at--;
    top.splice(at, 0, { passage: item, cosine: v });
    if (top.length > count) top.pop();
  }
  return top;
}
