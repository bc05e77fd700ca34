/**
 * Understand: a question as concepts — each content word or named entity, with the index terms that can stand for it
 * (typo corrections, completions, WordNet relatives, multi-word phrases, initials) and how much of the question's
 * meaning rides on it — plus what it asks for (question-types.ts) and a named speaker ("what did Rubio say").
 */
import type SearchableMap from 'minisearch/SearchableMap';
import { ENTITY_PREFIX, findEntities, isStopword, stemWord, type Token, tokenize } from './analyze.js';
import { IRREGULAR_FORMS } from './lexicon/irregular.js';
import { remembered } from './memo.js';
import { questionNeeds } from './features.js';
import type { Ranking } from './ranking.js';
import { ASKED_SPEECH } from './speech.js';

/** What the engine needs to know about English beyond the stories (WordNet, in production). */
export interface WordKnowledge {
  isWord(word: string): boolean;
  related(word: string): readonly { word: string; kind: string; weight: number }[];
  isCollocation(phrase: string): boolean;
  /** How common a word is in general English, 0 (rare or unknown) to 1 (very common). */
  commonness(word: string): number;
  /** Whether the word is most likely a verb. */
  isVerb(word: string): boolean;
}

export interface Concept {
  /** The words of the question this concept stands for. */
  surface: string;
  /** Where it starts in the question (token number). */
  position: number;
  /** Index term → how fully it stands for the concept (0, 1]. */
  alternatives: Map<string, number>;
  /** How much of the question's meaning rides on this concept. */
  importance: number;
  /** Whether any passage of the stories has it. */
  known: boolean;
  /** Multi-word relatives ("chief executive" for "ceo"): they stand for the concept only where their words stand together. */
  phrases: Phrase[];
  /** The alternatives the index has: all that scoring needs to look at. */
  present: [string, number][];
}

export interface Phrase {
  terms: string[];
  weight: number;
}

interface CorrectedToken extends Token {
  /** Index terms the typo may stand for, with weights. */
  corrections?: Map<string, number>;
}

export interface ParsedQuestion {
  concepts: Concept[];
  /** Features the question asks for (boosted). */
  features: number;
  /** Features an answer must have ("how many" needs a number). */
  required: number;
  /** "What did X say…": the concepts naming X, whom the answer must quote. */
  speaker: Concept[] | null;
}

/** What reading a question needs of the index. */
export interface QuestionContext {
  lexicon: WordKnowledge;
  documentFrequency: Map<string, number>;
  /** Lowercase words as written in the stories → how often: for typos and half-typed words. */
  words: SearchableMap<number>;
  acronyms: Map<string, string[]>;
  /** Number of answerable passages (for inverse document frequencies). */
  passageCount: number;
  ranking: Ranking;
}

/** Reads questions against one index: corrections and relatives are remembered per word. */
export class QuestionReader {
  private readonly lexicon: WordKnowledge;
  private readonly documentFrequency: Map<string, number>;
  private readonly words: SearchableMap<number>;
  private readonly acronyms: Map<string, string[]>;
  private readonly ranking: Ranking;

  constructor(private readonly context: QuestionContext) {
    this.lexicon = context.lexicon;
    this.documentFrequency = context.documentFrequency;
    this.words = context.words;
    this.acronyms = context.acronyms;
    this.ranking = context.ranking;
  }

  /** The question as concepts: each content word or named entity, with the index terms that can stand for it. */
  read(question: string): ParsedQuestion {
    const tokens = tokenize(question).map((token) => this.correct(token));
    const concepts: Concept[] = [];
    const covered = new Set<number>();
    for (const match of findEntities(tokens, true)) {
      for (let i = match.from; i <= match.to; i++) covered.add(i);
      const surface = tokens
        .slice(match.from, match.to + 1)
        .map((t) => t.surface)
        .join(' ');
      const alternatives = new Map<string, number>([[ENTITY_PREFIX + match.entity, this.ranking.entityWeight]]);
      concepts.push(this.concept(surface, match.from, alternatives, this.importance(alternatives, surface), []));
    }
    const endsMidWord = /[\p{L}\p{N}]$/u.test(question);
    for (let i = 0; i < tokens.length; i++) {
      if (covered.has(i)) continue;
      const token = tokens[i] as Token;
      const next = tokens[i + 1];
      const phrase = next && !covered.has(i + 1) ? `${token.lower} ${next.lower}` : '';
      // Two words WordNet knows as one ("holding back", "death toll", "take place"), or that the stories write as one
      // ("guest house" for "guesthouse"), are one concept: either word, or what the phrase means, stands for it.
      const closed = phrase ? this.closedCompound(token.lower, (next as Token).lower) : null;
      if (phrase && (closed || this.lexicon.isCollocation(phrase))) {
        const parts = [token, next as Token].filter((t) => !isStopword(t.lower));
        const alternatives = new Map<string, number>();
        let importance = 0;
        for (const part of parts) {
          // The words themselves, not their own relatives: "prime" alone must not bring in "first".
          const own = new Map([[stemWord(part.lower), 1], ...((part as CorrectedToken).corrections ?? [])]);
          for (const [term, weight] of own) if (weight > (alternatives.get(term) ?? 0)) alternatives.set(term, weight);
          importance = Math.max(importance, this.importance(own, part.lower));
        }
        if (closed) alternatives.set(closed, 1);
        const relatives = this.relatives(phrase);
        for (const { term, weight } of relatives.terms) {
          if (weight > (alternatives.get(term) ?? 0)) alternatives.set(term, weight);
        }
        if (parts.length > 0) {
          concepts.push(this.concept(`${token.surface} ${(next as Token).surface}`, i, alternatives, importance, relatives.phrases));
        }
        i++;
        continue;
      }
      if (isStopword(token.lower) || token.lower.length === 0) continue;
      // "how long", "how far", "how often": the word after "how" asks for a measure, it names no topic.
      if (tokens[i - 1]?.lower === 'how' && HOW_MEASURES.has(token.lower)) continue;
      const phrases: Phrase[] = [];
      const alternatives = this.wordAlternatives(token as CorrectedToken, endsMidWord && i === tokens.length - 1, phrases);
      const concept = this.concept(token.surface, i, alternatives, this.importance(alternatives, token.lower), phrases);
      // A word the stories only have as a phrase ("cps" for "Crown Prosecution Service") weighs as that phrase does.
      const strong = phrases.filter(
        (p) => p.weight >= this.ranking.knownRelativeWeight && p.terms.every((t) => this.documentFrequency.has(t)),
      );
      if (!concept.known && strong.length > 0) {
        concept.known = true;
        concept.importance = Math.max(...strong.map((p) => Math.min(...p.terms.map((t) => this.idf(this.documentFrequency.get(t) ?? 0)))));
      }
      concepts.push(concept);
    }
    concepts.sort((a, b) => a.position - b.position);
    // "What closed because of the contamination?" asks what closed: the passage saying so answers it, not one that
    // only names the contamination.
    const asked = askedVerb(tokens, concepts);
    if (asked && this.lexicon.isVerb(asked.surface.toLowerCase())) asked.importance *= this.ranking.askedVerbWeight;
    const { features, required } = questionNeeds(question);
    return { concepts, features, required, speaker: this.askedSpeaker(question, concepts) };
  }

  /** A concept of the question, with what the index knows of its alternatives. */
  private concept(surface: string, position: number, alternatives: Map<string, number>, importance: number, phrases: Phrase[]): Concept {
    const present = [...alternatives].filter(([term]) => this.documentFrequency.has(term));
    const known = present.some(([, weight]) => weight >= this.ranking.knownRelativeWeight);
    return { surface, position, alternatives, importance, known, phrases, present };
  }

  /** In "What did the Pentagon say about…", "according to Venezuela", the concepts of the speaker asked about. */
  private askedSpeaker(question: string, concepts: Concept[]): Concept[] | null {
    const phrase = SPEAKER_QUESTION.map((pattern) => pattern.exec(question)?.[1]).find((p) => p !== undefined);
    if (!phrase) return null;
    const words = new Set(tokenize(phrase).map((t) => t.surface));
    const named = concepts.filter((c) => c.surface.split(' ').every((w) => words.has(w)));
    // Only a particular speaker is required: a name or a country ("Rubio", "Canada"), not a role ("the government").
    const particular = named.some(
      (c) =>
        [...c.alternatives.keys()].some((t) => t.startsWith(ENTITY_PREFIX)) ||
        /^\p{Lu}/u.test(c.surface) ||
        !this.lexicon.isWord(c.surface.toLowerCase()),
    );
    return particular ? named : null;
  }

  /**
   * A word that is neither in the stories nor in English is a typo or a word cut short: read it as the
   * nearest word of the stories ("britian" → "britain"), before aliases are looked up.
   */
  private correct(token: Token): Token {
    const correction = this.correctionOf(token.lower);
    return correction ? ({ ...token, ...correction } as CorrectedToken) : token;
  }

  /** The most frequent words of the stories that start with `prefix` (ties alphabetical, so the order never depends on how the index was built). */
  completions(prefix: string): [string, number][] {
    return [...this.words.atPrefix(prefix).entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 8);
  }

  /** Corrections depend only on the word and the stories: remembered. */
  private readonly correctionOf = remembered((lower: string) => this.computeCorrection(lower), MAX_REMEMBERED);

  private computeCorrection(lower: string): { lower: string; corrections: Map<string, number> } | null {
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
        for (const [term, weight] of this.wordAlternatives({ surface: english, lower: english, start: 0, end: 0 }, false)) {
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
  private realWordSlip(lower: string): { lower: string; corrections: Map<string, number> } | null {
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

  /** Index terms that can stand for one word of a question: its stem, typo corrections, completions, WordNet relatives. */
  private wordAlternatives(token: CorrectedToken, lastAndUnfinished: boolean, phrases: Phrase[] = []): Map<string, number> {
    const lower = token.lower;
    const alternatives = new Map<string, number>();
    const add = (term: string, weight: number) => {
      if (weight > (alternatives.get(term) ?? 0)) alternatives.set(term, weight);
    };
    add(stemWord(lower), 1);
    for (const [term, weight] of token.corrections ?? []) add(term, weight);
    if (lastAndUnfinished && lower.length >= 3) {
      // The last word may be cut short while typing.
      const completions = this.completions(lower);
      for (const [word] of completions) if (word !== lower) add(stemWord(word), this.ranking.prefixWeight);
    }
    const relatives = this.relatives(lower);
    for (const related of relatives.terms) add(related.term, related.weight);
    phrases.push(...relatives.phrases);
    const split = this.splitCompound(lower);
    if (split) phrases.push({ terms: split, weight: 1 });
    // Initials of a name the stories spell out: "cps" is the "Crown Prosecution Service".
    const spelled = this.acronyms.get(lower);
    if (spelled && !this.documentFrequency.has(stemWord(lower))) phrases.push({ terms: spelled, weight: 1 });
    return alternatives;
  }

  /**
   * The stories' one-word spelling of two question words, as an index term: "guesthouse" for "guest house", and of a
   * verb and its particle in any form, "breakdown" for "broken down", "shutdown" for "shutting down".
   */
  private closedCompound(first: string, second: string): string | null {
    if (isStopword(first) || first.length + second.length < 6 || !/^\p{L}+$/u.test(second)) return null;
    for (const head of baseForms(first)) {
      const joined = head + second;
      if (this.words.has(joined) && this.documentFrequency.has(stemWord(joined))) return stemWord(joined);
    }
    return null;
  }

  /**
   * A closed compound the stories write open ("guesthouse" for "guest house", "carpark"): the two story words it splits
   * into, when the stories lack the compound itself. The split with the longer first part wins.
   */
  private splitCompound(lower: string): string[] | null {
    if (lower.length < 6 || this.documentFrequency.has(stemWord(lower))) return null;
    for (let at = lower.length - 3; at >= 3; at--) {
      const [head, tail] = [lower.slice(0, at), lower.slice(at)];
      if (this.words.has(head) && this.words.has(tail) && !isStopword(head) && !isStopword(tail)) return [stemWord(head), stemWord(tail)];
    }
    return null;
  }

  /**
   * WordNet relatives of a word or phrase as index terms. A multi-word relative ("chief executive" for "ceo") is a
   * phrase, matched only where its words stand together. Antonyms count only as negations of the same word ("legal" → "illegal"): a
   * question about what closed is not answered by what opened.
   */
  private relatives(word: string): { terms: { term: string; weight: number }[]; phrases: Phrase[] } {
    const terms: { term: string; weight: number }[] = [];
    const phrases: Phrase[] = [];
    for (const related of this.lexicon.related(word)) {
      if (related.kind === 'antonym' && !isNegationOf(related.word, word)) continue;
      const parts = related.word.split(/[ -]/).filter((w) => w && !isStopword(w));
      if (parts.length === 1) terms.push({ term: stemWord(parts[0] as string), weight: related.weight });
      else if (parts.length > 1)
        phrases.push({ terms: parts.map(stemWord), weight: related.weight * this.ranking.multiWordRelativeWeight });
    }
    return { terms, phrases };
  }

  /** BM25's inverse document frequency of a term in `df` passages. */
  private idf(df: number): number {
    const n = this.context.passageCount;
    return Math.log(1 + (n - df + 0.5) / (df + 0.5));
  }

  /** Inverse document frequency of the concept's best-known term; a word the stories never use weighs as much as the rarest. */
  private importance(alternatives: Map<string, number>, surface: string): number {
    let df = 0;
    let best = 0;
    for (const [term, weight] of alternatives) {
      const f = this.documentFrequency.get(term) ?? 0;
      // A faint relative ("superior" for "capital") does not make the word one the stories use.
      if (f > 0 && weight > best && weight >= this.ranking.knownRelativeWeight) {
        best = weight;
        df = f;
      }
    }
    const idf = this.idf(df);
    if (df > 0) return idf;
    // Unknown to the stories: the more common the word in English, the less it says about the topic;
    // a short non-word ("ppl", "govt") is shorthand, not a topic.
    if (!surface.includes(' ') && surface.length <= 3 && !this.lexicon.isWord(surface)) return idf * this.ranking.shorthandImportance;
    // What a question asks about is named by its nouns; its verb is what a story most often says in other words
    // ("convicted" for "found guilty", "uncovered" for "came to light").
    const verb = !surface.includes(' ') && this.lexicon.isVerb(surface) ? this.ranking.unknownVerbImportance : 1;
    return idf * verb * (1 - this.ranking.commonDiscount * this.lexicon.commonness(surface));
  }
}

/**
 * The concept right after the question word ("what closed…", "who built…", "how many died"): when it is a verb, the
 * question asks who or what did it, and the rest only places it. (A verb after "what/who" in English is the
 * question's own predicate; "did", "is" and the other auxiliaries are stop words, never concepts.)
 */
function askedVerb(tokens: readonly Token[], concepts: readonly Concept[]): Concept | undefined {
  const wh = tokens.findIndex((t) => QUESTION_WORDS.has(t.lower));
  if (wh < 0) return undefined;
  const at = tokens[wh]?.lower === 'how' && HOW_QUANTITIES.has(tokens[wh + 1]?.lower ?? '') ? wh + 2 : wh + 1;
  return concepts.find((c) => c.position === at);
}

const QUESTION_WORDS = new Set(['what', 'which', 'who', 'whom', 'whose', 'how']);
const HOW_QUANTITIES = new Set(['many', 'much']);

/** Bound of each memo table: about what a busy day's distinct words need. */
const MAX_REMEMBERED = 20_000;

/** After "how", these ask for a measure ("how long", "how far"); they name no topic. */
const HOW_MEASURES = new Set([
  'long',
  'far',
  'often',
  'old',
  'soon',
  'big',
  'large',
  'high',
  'low',
  'late',
  'early',
  'close',
  'bad',
  'serious',
]);

/** Questions about what someone said; group 1 is the speaker. */
const SPEAKER_QUESTION = [
  new RegExp(
    String.raw`\b(?:what|how|when|why|where)\s+(?:did|does|do|has|have|had|was|is|were|will|would)\s+(.{2,60}?)\s+(?:${ASKED_SPEECH})\b`,
    'i',
  ),
  /\baccording to\s+(.{2,60}?)(?:[,?.!]|$)/i,
];

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

/** "illegal" of "legal", "unlawful" of "lawful", "nonviolent" of "violent", and the other way round. */
function isNegationOf(a: string, b: string): boolean {
  const negated = (x: string, y: string) =>
    /^(?:un|in|il|im|ir|non-?|dis|a)/.test(x) && x.replace(/^(?:un|in|il|im|ir|non-?|dis|a)/, '') === y;
  return negated(a, b) || negated(b, a);
}
