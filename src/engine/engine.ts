import type MiniSearch from 'minisearch';
import type { SearchResult } from 'minisearch';
import type SearchableMap from 'minisearch/SearchableMap';
import { ENTITY_PREFIX, findEntities, isStopword, stemWord, type Token, tokenize } from './analyze.js';
import type { StoryEngine } from './api.js';
import type { IndexData, IndexedDoc } from './build.js';
import { EngineError } from './errors.js';
import { Feature, questionFeatures } from './features.js';
import { remembered } from './memo.js';
import { summarize } from './summary.js';
import { type Encoder, type PassageVectors, storyVectors } from './meaning.js';
import { type Candidate, decide, type Meaning } from './decide.js';
import { DEFAULT_RANKING, type Ranking } from './ranking.js';
import type { Answer, AskOptions, Passage, StoryInfo, Summary, SummaryOptions } from './types.js';

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

export const DEFAULT_ANSWERS = 3;
export const MAX_ANSWERS = 20;
export const QUESTION_MAX_CHARS = 1000;


interface Concept {
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

interface Phrase {
  terms: string[];
  weight: number;
}


interface CorrectedToken extends Token {
  /** Index terms the typo may stand for, with weights. */
  corrections?: Map<string, number>;
}

interface ParsedQuestion {
  concepts: Concept[];
  /** Features the question asks for (boosted). */
  features: number;
  /** Features an answer must have ("how many" needs a number). */
  required: number;
  /** "What did X say…": the concepts naming X, whom the answer must quote. */
  speaker: Concept[] | null;
}

/** The story engine over a fixed set of stories: build once, ask many times. */
export class Engine implements StoryEngine {
  private readonly infos: StoryInfo[];
  /** Answerable passages (no furniture), by `Passage.index`. */
  private readonly answerable: Passage[];
  /** Each story's answerable passages, in story order. */
  private readonly passagesByStory = new Map<string, Passage[]>();
  private readonly features: Uint16Array;
  private readonly search: MiniSearch<IndexedDoc>;
  /** Index term → number of passages that have it. */
  private readonly documentFrequency: Map<string, number>;
  /** Lowercase words as written in the stories → how often: for typos and half-typed words. */
  private readonly words: SearchableMap<number>;
  private readonly acronyms: Map<string, string[]>;

  private readonly ranking: Ranking;

  constructor(
    data: IndexData,
    private readonly lexicon: WordKnowledge,
    ranking: Partial<Ranking> = {},
  ) {
    this.ranking = { ...DEFAULT_RANKING, ...ranking };
    this.infos = data.stories;
    this.answerable = data.sentences.filter((p) => !p.furniture);
    for (const [i, passage] of this.answerable.entries()) this.position.set(passage, i);
    for (const passage of this.answerable) {
      const list = this.passagesByStory.get(passage.storyId) ?? [];
      list.push(passage);
      this.passagesByStory.set(passage.storyId, list);
    }
    this.features = data.features;
    this.search = data.search;
    this.documentFrequency = data.documentFrequency;
    this.words = data.words;
    this.acronyms = data.acronyms;
  }

  stories(): StoryInfo[] {
    return [...this.infos];
  }

  story(id: string): StoryInfo | undefined {
    return this.infos.find((info) => info.id === id);
  }

  /** Every answerable passage, in index order. */
  allPassages(): readonly Passage[] {
    return this.answerable;
  }

  async ask(question: string, options: AskOptions = {}): Promise<Answer[]> {
    const text = String(question).slice(0, QUESTION_MAX_CHARS);
    const query = this.vectors && text.trim() ? await this.questionVector(text) : null;
    return this.answer(text, options, query);
  }

  /** The answer path by words alone, synchronously: what `ask` gives with SEMANTIC=off or before the vectors are ready. */
  askByWords(question: string, options: AskOptions = {}): Answer[] {
    return this.answer(String(question).slice(0, QUESTION_MAX_CHARS), options, null);
  }

  private answer(text: string, options: AskOptions, query: Float32Array | null): Answer[] {
    const limit = clampInt(options.limit ?? DEFAULT_ANSWERS, 1, MAX_ANSWERS);
    const offset = clampInt(options.offset ?? 0, 0, MAX_ANSWERS);
    if (options.storyId !== undefined && !this.story(options.storyId)) return [];
    return this.rank(text, options.storyId, query).slice(offset, offset + limit);
  }

  /** The question's vector, or null when the encoder fails (then the answer is lexical: never an error for the member). */
  private async questionVector(text: string): Promise<Float32Array | null> {
    try {
      return (await this.encoder?.encode([text]))?.[0] ?? null;
    } catch {
      return null;
    }
  }

  /** Passage vectors, once computed: meaning joins the lexical evidence from then on. */
  private vectors: PassageVectors | null = null;
  private encoder: Encoder | null = null;

  /** Computes (or reads the saved) passage vectors; until it resolves, answers are lexical only. */
  async startMeaning(encoder: Encoder, cacheDir: string | null): Promise<void> {
    this.meaningState = 'starting';
    const groups: string[][] = [];
    let story: string | undefined;
    for (const passage of this.answerable) {
      if (passage.storyId !== story) groups.push([]);
      story = passage.storyId;
      groups[groups.length - 1]?.push(passage.text);
    }
    try {
      this.vectors = await storyVectors(groups, encoder, cacheDir);
    } catch (error) {
      this.meaningState = 'off';
      throw error;
    }
    this.encoder = encoder;
    this.meaningState = 'on';
  }

  private meaningState: 'on' | 'starting' | 'off' = 'off';

  /** Whether meaning joins the words: on, starting (vectors being computed: answers by words meanwhile) or off. */
  meaning(): 'on' | 'starting' | 'off' {
    return this.meaningState;
  }

  async encode(texts: string[]): Promise<Float32Array[] | undefined> {
    if (!this.encoder) return undefined;
    return this.encoder.encode(texts.map((t) => String(t).slice(0, QUESTION_MAX_CHARS)));
  }

  /** Experiment access. */
  passageVectors(): PassageVectors | null {
    return this.vectors;
  }

  /**
   * Every candidate with its coverage (the share of the question's meaning it holds), best first, before
   * abstention: for the eval and for tuning, not for answering.
   */
  explain(question: string, storyId?: string): { passage: Passage; score: number; coverage: number; matched: string[] }[] {
    return this.candidates(String(question).slice(0, QUESTION_MAX_CHARS), storyId);
  }

  private rank(question: string, storyId: string | undefined, query: Float32Array | null): Answer[] {
    const lexical = this.candidates(question, storyId);
    return decide(lexical, query ? this.meaningOf(query, storyId) : null, this.ranking).map((c) => ({
      passage: c.passage,
      story: this.story(c.passage.storyId) as StoryInfo,
      score: Math.round(c.score * 1000) / 1000,
      matched: c.matched,
    }));
  }

  /** The cosine of any passage with the question, and the nearest passages by meaning (within one story when asked). */
  private meaningOf(query: Float32Array, storyId: string | undefined): Meaning | null {
    const vectors = this.vectors;
    if (!vectors) return null;
    const cosine = (passage: Passage) => vectors.cosine(this.position.get(passage) ?? 0, query);
    if (this.answerable.length > this.ranking.meaning.denseSearchLimit) return { cosine, nearest: [] };
    const pool = storyId ? (this.passagesByStory.get(storyId) ?? []) : this.answerable;
    const nearest = topBy(pool, cosine, this.ranking.meaning.nearest);
    return { cosine, nearest };
  }

  /** Each answerable passage's position in the vectors. */
  private readonly position = new Map<Passage, number>();

  private candidates(question: string, storyId: string | undefined): Candidate[] {
    const parsed = this.parse(question);
    const totalImportance = parsed.concepts.reduce((sum, c) => sum + c.importance, 0);
    if (totalImportance === 0) return [];
    // A country or body the stories never name: whatever else matches, they do not answer this.
    if (parsed.concepts.some((c) => [...c.alternatives.keys()].some((t) => t.startsWith(ENTITY_PREFIX) && !this.documentFrequency.has(t)))) {
      return [];
    }
    const boosts = new Map<string, number>();
    for (const concept of parsed.concepts) {
      for (const [term, weight] of concept.alternatives) boosts.set(term, Math.max(boosts.get(term) ?? 0, weight));
      // A phrase's words fetch candidates, at half weight: it counts only where they stand together.
      for (const phrase of concept.phrases) for (const term of phrase.terms) boosts.set(term, Math.max(boosts.get(term) ?? 0, phrase.weight / 2));
    }
    const terms = [...boosts.keys()].filter((term) => this.documentFrequency.has(term));
    if (terms.length === 0) return [];
    // In a large archive a common word ("said", "official") is in a good share of all passages: searching it
    // would score them all. Search the rarer words, then check the candidates for the common ones.
    const commonDf = Math.max(this.ranking.commonTermMinPassages, this.answerable.length * this.ranking.commonTermShare);
    const speakerTerms = new Set(parsed.speaker?.flatMap((c) => c.present.map(([term]) => term)) ?? []);
    const rare = terms.filter((term) => (this.documentFrequency.get(term) ?? 0) <= commonDf || speakerTerms.has(term));
    const common = rare.length > 0 ? terms.filter((term) => !rare.includes(term)) : [];
    const results = this.search.search((rare.length > 0 ? rare : terms).join(' '), {
      boost: this.ranking.fields,
      combineWith: 'OR',
      boostTerm: (term) => boosts.get(term) ?? 1,
      ...(storyId ? { filter: (result: SearchResult) => this.answerable[result.id]?.storyId === storyId } : {}),
    });
    const scored: Candidate[] = [];
    for (const result of results.slice(0, this.ranking.candidates)) {
      const passage = this.answerable[result.id as number];
      if (!passage) continue;
      const features = this.features[passage.index] ?? 0;
      if (parsed.required & ~features) continue;
      if (common.length > 0) {
        const words = this.positionsOf(passage);
        const match = { ...result.match };
        for (const term of common) if (words.has(term)) match[term] = ['text'];
        result.match = match;
      }
      const contextCredit = features & Feature.anaphora ? this.ranking.anaphoricContextCredit : (this.ranking.fieldCredit.context ?? 0);
      let covered = 0;
      let missing = 0;
      const matched: string[] = [];
      for (const concept of parsed.concepts) {
        let credit = 0;
        for (const [term, weight] of concept.present) {
          const fields = result.match[term];
          if (!fields) continue;
          for (const field of fields) credit = Math.max(credit, weight * (field === 'context' ? contextCredit : (this.ranking.fieldCredit[field] ?? 0)));
        }
        for (const phrase of concept.phrases) {
          // Word positions (remembered per passage) only for a multi-word relative some of whose words the passage has.
          if (phrase.weight <= credit || !phrase.terms.some((term) => result.match[term]?.includes('text'))) continue;
          credit = Math.max(credit, phrase.weight * phraseMatch(this.positionsOf(passage), phrase.terms));
        }
        if (credit > 0) matched.push(concept.surface);
        covered += concept.importance * credit;
        // A word the stories use elsewhere but not here counts against this passage less than a word they never use.
        missing += concept.importance * (1 - credit) * (concept.known ? this.ranking.missingKnownWeight : 1);
      }
      const coverage = covered / (covered + missing || 1);
      if (parsed.speaker && !this.spokeBy(result, parsed.speaker)) continue;
      const wanted = parsed.features & ~Feature.statement;
      let score = result.score * coverage * coverage;
      // Each thing the question asks for that the passage gives (a name and a person for "who is…") counts.
      for (let bit = 1; bit <= wanted; bit <<= 1) if (wanted & bit && features & bit) score *= this.ranking.featureBoost;
      if (parsed.features & Feature.statement && features & Feature.statement) score *= 1 + (this.ranking.featureBoost - 1) / 2;
      scored.push({ passage, score, coverage, matched });
    }
    const byScore = (a: Candidate, b: Candidate) =>
      b.score - a.score || a.passage.index - b.passage.index;
    scored.sort(byScore);
    // Rerank the head by proximity: question words that stand together in the passage.
    const head = scored.slice(0, this.ranking.rerankDepth);
    for (const entry of head) {
      entry.score *= 1 + this.ranking.proximityBonus * this.adjacentPairs(this.positionsOf(entry.passage), parsed.concepts);
    }
    head.sort(byScore);
    return [...head, ...scored.slice(head.length)];
  }

  /** The question as concepts: each content word or named entity, with the index terms that can stand for it. */
  private parse(question: string): ParsedQuestion {
    const tokens = tokenize(question).map((token) => this.correct(token));
    const concepts: Concept[] = [];
    const covered = new Set<number>();
    for (const match of findEntities(tokens, true)) {
      for (let i = match.from; i <= match.to; i++) covered.add(i);
      const surface = tokens.slice(match.from, match.to + 1).map((t) => t.surface).join(' ');
      const alternatives = new Map<string, number>([[ENTITY_PREFIX + match.entity, this.ranking.entityWeight]]);
      concepts.push(this.concept(surface, match.from, alternatives, this.importance(alternatives, surface), []));
    }
    const endsMidWord = /[\p{L}\p{N}]$/u.test(question);
    for (let i = 0; i < tokens.length; i++) {
      if (covered.has(i)) continue;
      const token = tokens[i] as Token;
      const next = tokens[i + 1];
      const phrase = next && !covered.has(i + 1) ? `${token.lower} ${next.lower}` : '';
      // Two words WordNet knows as one ("holding back", "death toll", "take place") are one concept:
      // either word, or what the phrase means, stands for it.
      if (phrase && this.lexicon.isCollocation(phrase)) {
        const parts = [token, next as Token].filter((t) => !isStopword(t.lower));
        const alternatives = new Map<string, number>();
        let importance = 0;
        for (const part of parts) {
          // The words themselves, not their own relatives: "prime" alone must not bring in "first".
          const own = new Map([[stemWord(part.lower), 1], ...((part as CorrectedToken).corrections ?? [])]);
          for (const [term, weight] of own) if (weight > (alternatives.get(term) ?? 0)) alternatives.set(term, weight);
          importance = Math.max(importance, this.importance(own, part.lower));
        }
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
      const strong = phrases.filter((p) => p.weight >= this.ranking.knownRelativeWeight && p.terms.every((t) => this.documentFrequency.has(t)));
      if (!concept.known && strong.length > 0) {
        concept.known = true;
        concept.importance = Math.max(...strong.map((p) => Math.min(...p.terms.map((t) => this.idf(this.documentFrequency.get(t) ?? 0)))));
      }
      concepts.push(concept);
    }
    concepts.sort((a, b) => a.position - b.position);
    const features = questionFeatures(question);
    // "How long" is answered by "has long", "for years": only "how many" and "when" demand a number or a date.
    let required = features & (/\bhow long\b/i.test(question) ? Feature.number | Feature.money : REQUIRED_FEATURES);
    // "Who…" is answered by a passage with someone in it: a name, a role, a speaker.
    if (/^\W*(?:and |so |but )?(?:who|whom|whose)\b/i.test(question)) required |= Feature.person;
    return { concepts, features, required, speaker: this.askedSpeaker(question, concepts) };
  }

  /** How many pairs of consecutive question concepts stand within a few words of each other in the text. */
  private adjacentPairs(positions: ReadonlyMap<string, number[]>, concepts: readonly Concept[]): number {
    const at = (concept: Concept) => concept.present.flatMap(([term]) => positions.get(term) ?? []);
    let pairs = 0;
    for (let k = 0; k + 1 < concepts.length; k++) {
      const left = at(concepts[k] as Concept);
      const right = at(concepts[k + 1] as Concept);
      if (left.some((p) => right.some((q) => q !== p && Math.abs(q - p) <= this.ranking.proximityWindow))) pairs++;
    }
    return pairs;
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
      (c) => [...c.alternatives.keys()].some((t) => t.startsWith(ENTITY_PREFIX)) || /^\p{Lu}/u.test(c.surface) || !this.lexicon.isWord(c.surface.toLowerCase()),
    );
    return particular ? named : null;
  }

  /** Whether the passage quotes or reports the speaker asked about. */
  private spokeBy(result: SearchResult, speaker: Concept[]): boolean {
    return speaker.some((c) => c.present.some(([term]) => result.match[term]?.includes('speaker')));
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
  private completions(prefix: string): [string, number][] {
    return [...this.words.atPrefix(prefix).entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 8);
  }

  /** Where each term stands in a passage, remembered for the passages most often reranked. */
  private readonly positionsOf = remembered((passage: Passage) => termPositions(passage.text), MAX_REMEMBERED);

  /** Corrections depend only on the word and the stories: remembered. */
  private readonly correctionOf = remembered((lower: string) => this.computeCorrection(lower), MAX_REMEMBERED);

  private computeCorrection(lower: string): { lower: string; corrections: Map<string, number> } | null {
    if (lower.length < 3 || this.words.has(lower) || isStopword(lower) || /^\p{N}/u.test(lower) || this.lexicon.isWord(lower)) return null;
    const corrections = new Map<string, number>();
    const distance = lower.length >= 7 ? 2 : lower.length >= 4 ? 1 : 0;
    let best: { word: string; distance: number; count: number } | null = null;
    if (distance > 0) {
      for (const [word, [count, d]] of this.words.fuzzyGet(lower, distance)) {
        corrections.set(stemWord(word), Math.max(corrections.get(stemWord(word)) ?? 0, this.ranking.typoWeight - 0.1 * (d - 1)));
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
      else if (parts.length > 1) phrases.push({ terms: parts.map(stemWord), weight: related.weight * this.ranking.multiWordRelativeWeight });
    }
    return { terms, phrases };
  }

  /** BM25's inverse document frequency of a term in `df` passages. */
  private idf(df: number): number {
    const n = this.answerable.length;
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

  summary(options: SummaryOptions = {}): Summary {
    const storyId = options.storyId ?? this.infos[0]?.id;
    const story = storyId === undefined ? undefined : this.story(storyId);
    if (!story || storyId === undefined) throw new EngineError(`unknown story "${options.storyId ?? ''}"`);
    const count = clampInt(options.sentences ?? 5, 1, 10);
    return { story, passages: summarize(this.passagesByStory.get(storyId) ?? [], count) };
  }

  passageAt(storyId: string, paragraph: number, sentence: number): Passage | undefined {
    return this.passagesByStory.get(storyId)?.find((p) => p.paragraph === paragraph && p.sentence === sentence);
  }

  context(storyId: string, paragraph: number, sentence: number, radius = 2): Passage[] {
    const passages = this.passagesByStory.get(storyId) ?? [];
    const at = passages.findIndex((p) => p.paragraph === paragraph && p.sentence === sentence);
    if (at < 0) return [];
    const r = clampInt(radius, 0, 10);
    return passages.slice(Math.max(0, at - r), at + r + 1);
  }

  suggest(partial: string, limit = 10): string[] {
    const text = String(partial).slice(0, QUESTION_MAX_CHARS).replace(/\s+/g, ' ').trimStart();
    const max = clampInt(limit, 1, 25);
    const suggestions: string[] = [];
    const lastWord = /([\p{L}\p{N}]+)$/u.exec(text)?.[1];
    if (lastWord && lastWord.length >= 2) {
      const head = text.slice(0, text.length - lastWord.length);
      const completions = [...this.words.atPrefix(lastWord.toLowerCase()).entries()]
        .filter(([word]) => word !== lastWord.toLowerCase() && !isStopword(word))
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, Math.ceil(max / 2));
      for (const [word] of completions) suggestions.push(`${head}${word}`);
    }
    if (text.trim().length >= 3) {
      for (const answer of this.rank(text, undefined, null).slice(0, max)) suggestions.push(answer.passage.text);
    }
    return [...new Set(suggestions.map((s) => cut(s, 100)).filter((s) => s.length > 0))].slice(0, max);
  }
}

/** The `count` items with the highest `value`, best first (ties in the given order). */
function topBy<T>(items: readonly T[], value: (item: T) => number, count: number): { passage: T; cosine: number }[] {
  const top: { passage: T; cosine: number }[] = [];
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

/** Bound of each memo table: about what a busy day's distinct words and reranked passages need. */
const MAX_REMEMBERED = 20_000;

const HOW_MEASURES = new Set(['long', 'far', 'often', 'old', 'soon', 'big', 'large', 'high', 'low', 'late', 'early', 'close', 'bad', 'serious']);

/** "How many" needs a number and "when" a time: a passage without one does not answer. */
const REQUIRED_FEATURES = Feature.number | Feature.time | Feature.money | Feature.future | Feature.count;

/** Questions about what someone said; group 1 is the speaker. */
const SPEAKER_QUESTION = [
  /\b(?:what|how|when|why|where)\s+(?:did|does|do|has|have|had|was|is|were|will|would)\s+(.{2,60}?)\s+(?:say|said|tell|told|think|claim|argue|write|post|announce|describe|call|comment|respond|react|reply|mean|characteri[sz]e|warn|admit|deny|confirm)\b/i,
  /\baccording to\s+(.{2,60}?)(?:[,?.!]|$)/i,
];

/** Where each term stands in a text (word numbers). */
function termPositions(text: string): Map<string, number[]> {
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
      const together = terms.filter((term, j) => j === k || (positions.get(term) ?? []).some((p) => p !== start && Math.abs(p - start) <= terms.length + 1)).length;
      best = Math.max(best, together);
    }
  }
  if (best === terms.length) return 1;
  return terms.length >= 3 && best >= terms.length - 1 ? best / terms.length : 0;
}

/** "illegal" of "legal", "unlawful" of "lawful", "nonviolent" of "violent", and the other way round. */
function isNegationOf(a: string, b: string): boolean {
  const negated = (x: string, y: string) => /^(?:un|in|il|im|ir|non-?|dis|a)/.test(x) && x.replace(/^(?:un|in|il|im|ir|non-?|dis|a)/, '') === y;
  return negated(a, b) || negated(b, a);
}

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}

/** At most `max` characters, cut at a word boundary with "…". */
function cut(text: string, max: number): string {
  const trimmed = text.trim();
  if (trimmed.length <= max) return trimmed;
  const room = trimmed.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  return `${(space > max / 2 ? room.slice(0, space) : room).trimEnd()}…`;
}
