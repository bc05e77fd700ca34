/**
 * Spelling: how a question's words meet the stories' words when they are not written the same — typos and words cut
 * short ("britian", "distilery", "strik"), slips that are English words themselves ("patents" for "patients"), and
 * compounds written closed on one side and open on the other ("guesthouse" / "guest house", "broken down" /
 * "breakdown"). Part of understanding a question (question.ts).
 */
import type SearchableMap from 'minisearch/SearchableMap';
import { isStopword, stemWord } from './analyze.js';
import { IRREGULAR_FORMS } from './lexicon/irregular.js';
import { remembered } from './memo.js';
import type { WordKnowledge } from './question.js';
import type { Ranking } from './ranking.js';

/** What spelling needs of the index and of English. */
export interface SpellingContext {
  lexicon: WordKnowledge;
  /** Lowercase words as written in the stories → how often. */
  words: SearchableMap<number>;
  documentFrequency: Map<string, number>;
  ranking: Ranking;
}

/** A question word read as other words: the word to read it as, and the index terms it may stand for. */
export interface Correction {
  lower: string;
  corrections: Map<string, number>;
}

/** Bound of the memo of corrections: about what a busy day's distinct words need. */
const MAX_REMEMBERED = 20_000;

export class Spelling {
  private readonly lexicon: WordKnowledge;
  private readonly words: SearchableMap<number>;
  private readonly documentFrequency: Map<string, number>;
  private readonly ranking: Ranking;

  /** `alternativesOf` gives the index terms an English word stands for (its stem and relatives: question.ts). */
  constructor(
    context: SpellingContext,
    private readonly alternativesOf: (word: string) => Map<string, number>,
  ) {
    this.lexicon = context.lexicon;
    this.words = context.words;
    this.documentFrequency = context.documentFrequency;
    this.ranking = context.ranking;
  }

  /** The most frequent words of the stories that start with `prefix` (ties alphabetical, so the order never depends on how the index was built). */
  completions(prefix: string): [string, number][] {
    return [...this.words.atPrefix(prefix).entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 8);
  }

  /** Corrections depend only on the word and the stories: remembered. */
  readonly correction = remembered((lower: string) => this.computeCorrection(lower), MAX_REMEMBERED);

  private computeCorrection(lower: string): Correction | null {
    if (lower.length < 3 || this.words.has(lower) || isStopword(lower) || /^\p{N}/u.test(lower)) return null;
    if (this.lexicon.isWord(lower)) return this.realWordSlip(lower);
    const corrections = new Map<string, number>();
    const distance = lower.length >= 7 ? 2 : lower.length >= 4 ? 1 : 0;
    let best: { word: string; distance: number; count: number } | null = null;
    if (distance > 0) {
      for (const [word, [count, d]] of this.words.fuzzyGet(lower, distance)) {
        corrections.set(
          stemWord(word),
          Math.max(corrections.get(stemWord(word)) ?? 0, this.ranking.typoWeight - this.ranking.typoEditPenalty * (d - 1)),
        );
        // Ties go to the more frequent word, then the alphabetically first: the same answer however the index was built.
        if (!best || d < best.distance || (d === best.distance && (count > best.count || (count === best.count && word < best.word)))) {
          best = { word, distance: d, count };
        }
      }
    }
    for (const [word] of this.completions(lower)) {
      corrections.set(stemWord(word), Math.max(corrections.get(stemWord(word)) ?? 0, this.ranking.prefixWeight));
    }
    if (!best) {
      // Not near any word of the stories: perhaps a misspelt English word ("carefull", "happend").
      const english = this.nearestEnglishWord(lower);
      if (english) {
        for (const [term, weight] of this.alternativesOf(english)) {
          corrections.set(term, Math.max(corrections.get(term) ?? 0, weight * this.ranking.typoWeight));
        }
        return { lower: english, corrections };
      }
    }
    if (corrections.size === 0) return null;
    return { lower: best?.word ?? lower, corrections };
  }

  /**
   * An English word the stories never use may still be a slip for one they do ("patents" typed for "patients"): a
   * long word one edit from a story word stands for it, faintly (`realWordTypoWeight`), beside itself.
   */
  private realWordSlip(lower: string): Correction | null {
    if (lower.length < this.ranking.realWordTypoMinLength) return null;
    const corrections = new Map<string, number>();
    for (const [word] of this.words.fuzzyGet(lower, 1)) {
      if (stemWord(word) !== stemWord(lower)) corrections.set(stemWord(word), this.ranking.realWordTypoWeight);
    }
    return corrections.size > 0 ? { lower, corrections } : null;
  }

  /** The commonest English word one edit away (a letter dropped, added, changed or two swapped), if any. */
  private nearestEnglishWord(word: string): string | null {
    if (word.length < 4 || word.length > 20 || !/^\p{Ll}+$/u.test(word)) return null;
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const candidates = new Set<string>();
    for (let i = 0; i <= word.length; i++) {
      const head = word.slice(0, i);
      const tail = word.slice(i);
      if (tail) candidates.add(head + tail.slice(1));
      if (tail.length > 1) candidates.add(head + (tail[1] as string) + (tail[0] as string) + tail.slice(2));
      for (const letter of letters) {
        if (tail) candidates.add(head + letter + tail.slice(1));
        candidates.add(head + letter + tail);
      }
    }
    let best: string | null = null;
    let bestCommonness = -1;
    for (const candidate of candidates) {
      if (candidate === word || !this.lexicon.isWord(candidate)) continue;
      const commonness = this.lexicon.commonness(candidate);
      if (commonness > bestCommonness) {
        best = candidate;
        bestCommonness = commonness;
      }
    }
    return best;
  }

  /**
   * The stories' one-word spelling of two question words, as an index term: "guesthouse" for "guest house", and of a
   * verb and its particle in any form, "breakdown" for "broken down", "shutdown" for "shutting down".
   */
  closedCompound(first: string, second: string): string | null {
    if (isStopword(first) || first.length + second.length < 6 || !/^\p{L}+$/u.test(second)) return null;
    for (const head of baseForms(first)) {
      const joined = head + second;
      if (this.words.has(joined) && this.documentFrequency.has(stemWord(joined))) return stemWord(joined);
    }
    return null;
  }

  /**
   * The other degrees of an adjective the stories use: for "poor", "poorer" and "poorest"; for "poorer", "poor" and
   * "poorest" (spelling rules: "big" → "bigger", "happy" → "happier", "large" → "larger"). Only forms English reads
   * back to the same base count ("matter" is no degree of "mat").
   */
  degrees(lower: string): string[] {
    if (lower.length < 3 || !/^\p{Ll}+$/u.test(lower)) return [];
    const bases = new Set([lower, ...this.lexicon.lemmas(lower).filter((l) => /^\p{Ll}+$/u.test(l))]);
    const forms = new Set<string>();
    for (const base of bases) {
      forms.add(base);
      const stem = base.endsWith('y') ? `${base.slice(0, -1)}i` : base.endsWith('e') ? base.slice(0, -1) : base;
      const doubled = /[^aeiou][aeiou][bdgmnprt]$/.test(base) ? base + base.slice(-1) : stem;
      for (const head of new Set([stem, doubled])) for (const ending of ['er', 'est']) forms.add(head + ending);
    }
    return [...forms].filter(
      (form) =>
        form !== lower && this.words.has(form) && [...bases].some((base) => form === base || this.lexicon.lemmas(form).includes(base)),
    );
  }

  /**
   * A closed compound the stories write open ("guesthouse" for "guest house", "carpark"): the two story words it splits
   * into, when the stories lack the compound itself. The split with the longer first part wins.
   */
  splitCompound(lower: string): string[] | null {
    if (lower.length < 6 || this.documentFrequency.has(stemWord(lower))) return null;
    for (let at = lower.length - 3; at >= 3; at--) {
      const [head, tail] = [lower.slice(0, at), lower.slice(at)];
      if (this.words.has(head) && this.words.has(tail) && !isStopword(head) && !isStopword(tail)) return [stemWord(head), stemWord(tail)];
    }
    return null;
  }
}

/** A word and the base forms it may be inflected from ("broken" → "break", "shutting" → "shut", "taken" → "take"). */
function baseForms(word: string): string[] {
  const forms = [word, ...(IRREGULAR_FORMS.v.get(word) ?? [])];
  const regular = /^(\p{L}{2,}?)(ing|ed|s)$/u.exec(word);
  if (regular?.[1]) {
    const stem = regular[1];
    forms.push(stem, `${stem}e`);
    // A doubled final consonant ("shutting", "setting") is the base's single one.
    if (/(\p{L})\1$/u.test(stem)) forms.push(stem.slice(0, -1));
  }
  return [...new Set(forms)];
}
