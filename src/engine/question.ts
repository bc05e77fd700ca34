/**
 * Understand: a question as concepts — each content word or named entity, with the index terms that can stand for it
 * (typo corrections, completions, WordNet relatives, multi-word phrases, initials) and how much of the question's
 * meaning rides on it — plus what it asks for (the question types of ranking.ts) and a named speaker ("what did Rubio say").
 * How a question's words meet words the stories write otherwise (typos, slips, compounds) is spelling.ts.
 */
import type SearchableMap from 'minisearch/SearchableMap';
import { ENTITY_PREFIX, findEntities, isStopword, stemWord, type Token, tokenize } from './analyze.js';
import { questionNeeds } from './features.js';
import type { Ranking } from './ranking.js';
import { Spelling } from './spelling.js';
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
  /** Base forms of a word across parts of speech, most likely first ("poorer" → poor); [] for a non-word. */
  lemmas(word: string): readonly string[];
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
  private readonly spelling: Spelling;

  constructor(private readonly context: QuestionContext) {
    this.lexicon = context.lexicon;
    this.documentFrequency = context.documentFrequency;
    this.words = context.words;
    this.acronyms = context.acronyms;
    this.ranking = context.ranking;
    // A misspelt English word stands for what the word itself would.
    this.spelling = new Spelling(context, (word) => this.wordAlternatives({ surface: word, lower: word, start: 0, end: 0 }, false));
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
    // "How long will it last / take / go on": the verb only repeats what "how long" asks.
    const frame = /\bhow long\b/i.test(question) ? HOW_LONG_FRAME : QUESTION_FRAME;
    for (let i = 0; i < tokens.length; i++) {
      if (covered.has(i)) continue;
      const token = tokens[i] as Token;
      const next = tokens[i + 1];
      const phrase = next && !covered.has(i + 1) ? `${token.lower} ${next.lower}` : '';
      // "So far", "in the meantime", "again": how a question is framed in time, not what it is about.
      if (frame.has(phrase)) {
        i++;
        continue;
      }
      if (frame.has(token.lower)) continue;
      // Two words WordNet knows as one ("holding back", "death toll", "take place"), or that the stories write as one
      // ("guest house" for "guesthouse"), are one concept: either word, or what the phrase means, stands for it.
      const closed = phrase ? this.spelling.closedCompound(token.lower, (next as Token).lower) : null;
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
    const correction = this.spelling.correction(token.lower);
    return correction ? ({ ...token, ...correction } as CorrectedToken) : token;
  }

  /** The most frequent words of the stories that start with `prefix` (see spelling.ts). */
  completions(prefix: string): [string, number][] {
    return this.spelling.completions(prefix);
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
    const split = this.spelling.splitCompound(lower);
    if (split) phrases.push({ terms: split, weight: 1 });
    // Degrees of an adjective meet: "poorer" is "poor", "high" is "higher", "highest" (Porter2 leaves them apart).
    for (const form of this.spelling.degrees(lower)) add(stemWord(form), this.ranking.degreeWeight);
    // Initials of a name the stories spell out: "cps" is the "Crown Prosecution Service".
    const spelled = this.acronyms.get(lower);
    if (spelled && !this.documentFrequency.has(stemWord(lower))) phrases.push({ terms: spelled, weight: 1 });
    return alternatives;
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

/** Words and pairs that frame a question in time ("so far", "in the meantime", "still"); they name no topic. */
const QUESTION_FRAME = new Set([
  'so far',
  'meantime',
  'meanwhile',
  'currently',
  'again',
  'anymore',
  'already',
  'still',
  'yet',
  'ever',
  'actually',
  'really',
  'exactly',
]);

/** In a "how long" question, also the verbs of lasting ("how long will the ban last", "…take", "…go on for"). */
const HOW_LONG_FRAME = new Set([
  ...QUESTION_FRAME,
  'last',
  'lasts',
  'lasted',
  'take',
  'takes',
  'took',
  'taken',
  'go on',
  'goes on',
  'went on',
  'gone on',
  'continue',
  'continues',
  'continued',
]);

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

/** "illegal" of "legal", "unlawful" of "lawful", "nonviolent" of "violent", and the other way round. */
function isNegationOf(a: string, b: string): boolean {
  const negated = (x: string, y: string) =>
    /^(?:un|in|il|im|ir|non-?|dis|a)/.test(x) && x.replace(/^(?:un|in|il|im|ir|non-?|dis|a)/, '') === y;
  return negated(a, b) || negated(b, a);
}
