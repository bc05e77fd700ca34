/**
 * Score: one score per lexical candidate — MiniSearch's BM25 times the square of its coverage (the share of the
 * question's meaning its words hold), times what the question asks for that it gives, then a proximity rerank of the
 * head. Candidates lacking what the question requires (a number for "how many") or the speaker asked about are dropped.
 */
import type { SearchResult } from 'minisearch';
import { ENTITY_PREFIX, findEntities, stemWord, tokenize } from './analyze.js';
import type { Candidate } from './decide.js';
import { Feature, featureBoost } from './features.js';
import { remembered } from './memo.js';
import type { Concept, ParsedQuestion } from './question.js';
import type { LexicalResults } from './retrieve.js';
import type { Ranking } from './ranking.js';
import type { Passage } from './types.js';

/** What scoring needs of the index. */
export interface ScoreContext {
  answerable: readonly Passage[];
  /** Feature bits by `Passage.index`. */
  features: Uint16Array;
  ranking: Ranking;
}

/** Bound of the memo of word positions: about the passages a busy day reranks. */
const MAX_REMEMBERED = 20_000;

export class Scorer {
  constructor(private readonly index: ScoreContext) {}

  /** Where each term stands in a passage, remembered for the passages most often reranked. */
  private readonly positionsOf = remembered((passage: Passage) => termPositions(passage.text), MAX_REMEMBERED);

  /** The candidates that can answer, best first. */
  score(question: ParsedQuestion, lexical: LexicalResults): Candidate[] {
    const scored: Candidate[] = [];
    for (const result of lexical.results) {
      const passage = this.index.answerable[result.id as number];
      if (!passage) continue;
      const features = this.index.features[passage.index] ?? 0;
      if (this.index.ranking.requireFeatures && question.required & ~features) continue;
      if (question.speaker && !spokeBy(result, question.speaker)) continue;
      const match = this.withCommonTerms(result, passage, lexical.common);
      const { coverage, matched } = this.coverage(question, passage, match, features);
      const score = result.score * coverage * coverage * featureBoost(question.features, features);
      scored.push({ passage, score, coverage, matched });
    }
    scored.sort(byScore);
    return this.rerankByProximity(scored, question.concepts);
  }

  /** The match info of a result, with the common terms (not searched) the passage has. */
  private withCommonTerms(result: SearchResult, passage: Passage, common: readonly string[]): SearchResult['match'] {
    if (common.length === 0) return result.match;
    const words = this.positionsOf(passage);
    const match = { ...result.match };
    for (const term of common) if (words.has(term)) match[term] = ['text'];
    return match;
  }

  /** The share of the question's meaning the passage holds (importance-weighted), and the concepts it matched. */
  private coverage(
    question: ParsedQuestion,
    passage: Passage,
    match: SearchResult['match'],
    features: number,
  ): { coverage: number; matched: string[] } {
    const { ranking } = this.index;
    const contextCredit = features & Feature.anaphora ? ranking.anaphoricContextCredit : (ranking.fieldCredit.context ?? 0);
    let covered = 0;
    let missing = 0;
    const matched: string[] = [];
    for (const concept of question.concepts) {
      let credit = 0;
      for (const [term, weight] of concept.present)
        for (const field of match[term] ?? []) {
          credit = Math.max(credit, weight * (field === 'context' ? contextCredit : (ranking.fieldCredit[field] ?? 0)));
        }
      for (const phrase of concept.phrases) {
        // Word positions (remembered per passage) only for a multi-word relative some of whose words the passage has.
        if (phrase.weight <= credit || !phrase.terms.some((term) => match[term]?.includes('text'))) continue;
        credit = Math.max(credit, phrase.weight * phraseMatch(this.positionsOf(passage), phrase.terms));
      }
      if (credit > 0) matched.push(concept.surface);
      covered += concept.importance * credit;
      // A word the stories use elsewhere but not here counts against this passage less than a word they never use.
      missing += concept.importance * (1 - credit) * (concept.known ? ranking.missingKnownWeight : 1);
    }
    return { coverage: covered / (covered + missing || 1), matched };
  }

  /** Reranks the head by proximity: question words that stand together in the passage. */
  private rerankByProximity(scored: Candidate[], concepts: readonly Concept[]): Candidate[] {
    const { ranking } = this.index;
    const head = scored.slice(0, ranking.rerankDepth);
    for (const entry of head) {
      entry.score *= 1 + ranking.proximityBonus * adjacentPairs(this.positionsOf(entry.passage), concepts, ranking.proximityWindow);
    }
    head.sort(byScore);
    return [...head, ...scored.slice(head.length)];
  }
}

function byScore(a: Candidate, b: Candidate): number {
  return b.score - a.score || a.passage.index - b.passage.index;
}

/** Whether the passage quotes or reports the speaker asked about. */
function spokeBy(result: SearchResult, speaker: readonly Concept[]): boolean {
  return speaker.some((c) => c.present.some(([term]) => result.match[term]?.includes('speaker')));
}

/** How many pairs of consecutive question concepts stand within `window` words of each other in the text. */
function adjacentPairs(positions: ReadonlyMap<string, number[]>, concepts: readonly Concept[], window: number): number {
  let pairs = 0;
  // Each concept's positions are gathered once: it is the right of one pair and the left of the next.
  let left = concepts.length > 0 ? conceptPositions(positions, concepts[0] as Concept) : [];
  for (let k = 0; k + 1 < concepts.length; k++) {
    const right = conceptPositions(positions, concepts[k + 1] as Concept);
    if (left.some((p) => right.some((q) => q !== p && Math.abs(q - p) <= window))) pairs++;
    left = right;
  }
  return pairs;
}

/** Where the concept's words stand in the text, in the order of its terms. (No closure: under tsx each costs a defineProperty.) */
function conceptPositions(positions: ReadonlyMap<string, number[]>, concept: Concept): number[] {
  const at: number[] = [];
  for (const [term] of concept.present) {
    const list = positions.get(term);
    if (list) for (const p of list) at.push(p);
  }
  return at;
}

/** Where each term stands in a text (word numbers). */
export function termPositions(text: string): Map<string, number[]> {
  const positions = new Map<string, number[]>();
  const add = (term: string, i: number) => {
    const list = positions.get(term);
    if (list) list.push(i);
    else positions.set(term, [i]);
  };
  const tokens = tokenize(text);
  for (const [i, token] of tokens.entries()) add(stemWord(token.lower), i);
  // Entities stand where their alias starts, like words.
  for (const match of findEntities(tokens)) add(ENTITY_PREFIX + match.entity, match.from);
  return positions;
}

/**
 * How much of a phrase stands together in the text (each word within its length plus two words of the first): 1 for
 * all of it; for a phrase of three or more words, all but one counts in proportion ("chief executive" of "chief
 * executive officer"); otherwise 0.
 */
function phraseMatch(positions: ReadonlyMap<string, number[]>, terms: readonly string[]): number {
  let best = 0;
  for (const [k, anchor] of terms.entries()) {
    for (const start of positions.get(anchor) ?? []) {
      const together = terms.filter(
        (term, j) => j === k || (positions.get(term) ?? []).some((p) => p !== start && Math.abs(p - start) <= terms.length + 1),
      ).length;
      best = Math.max(best, together);
    }
  }
  if (best === terms.length) return 1;
  return terms.length >= 3 && best >= terms.length - 1 ? best / terms.length : 0;
}
