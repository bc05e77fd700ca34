/**
 * The story engine's facade: stories, ask, summary, context, suggest. A question walks down the stages once:
 * understand (question.ts) → retrieve (retrieve.ts: by words, by meaning) → score (score.ts) → decide (decide.ts:
 * rank or refuse). Every ranking constant and the question types are in ranking.ts; the encoder in meaning.ts.
 */
import { isStopword } from './analyze.js';
import { DEFAULT_ANSWERS, SUMMARY_SENTENCES } from '../shared/limits.js';
import type { StoryEngine } from './api.js';
import type { IndexData } from './build.js';
import { type Candidate, decide } from './decide.js';
import { EngineError } from './errors.js';
import { type Encoder, type PassageVectors, storyVectors } from './meaning.js';
import { PeopleIndex } from './people.js';
import { QuestionReader, type WordKnowledge } from './question.js';
import { DEFAULT_RANKING, type Ranking } from './ranking.js';
import { lexicalCandidates, meaningCandidates } from './retrieve.js';
import { Scorer } from './score.js';
import { summarize } from './summary.js';
import { answerTurns } from './turns.js';
import { truncate } from '../shared/text.js';
import type { Answer, AskOptions, Passage, Person, QuotesResult, StoryInfo, Summary, SummaryOptions } from './types.js';

export type { WordKnowledge } from './question.js';
export { DEFAULT_RANKING, type Ranking } from './ranking.js';

export { DEFAULT_ANSWERS };
export const MAX_ANSWERS = 20;
export const QUESTION_MAX_CHARS = 1000;
/** How many recent questions' vectors are remembered. */
const REMEMBERED_QUESTIONS = 1000;
/** Bounds of `suggest`: callers pass their own limits within these. */
const MAX_SUGGESTIONS = 100;
const MAX_SUGGESTION_CHARS = 1000;

/** The story engine over a fixed set of stories: build once, ask many times. */
export class Engine implements StoryEngine {
  private readonly infos: StoryInfo[];
  /** Answerable passages (no furniture), by `Passage.index`. */
  private readonly answerable: Passage[];
  /** Each story's answerable passages, in story order. */
  private readonly passagesByStory = new Map<string, Passage[]>();
  /** Each answerable passage's position in the vectors. */
  private readonly position = new Map<Passage, number>();
  private readonly ranking: Ranking;
  private readonly reader: QuestionReader;
  private readonly scorer: Scorer;
  private readonly data: IndexData;
  /** Passage vectors, once computed: meaning joins the lexical evidence from then on. */
  private vectors: PassageVectors | null = null;
  private encoder: Encoder | null = null;
  private meaningState: 'on' | 'starting' | 'off' = 'off';
  /** Who's who in each story, and their statements (people.ts). */
  private readonly register: PeopleIndex;

  constructor(data: IndexData, lexicon: WordKnowledge, ranking: Partial<Ranking> = {}) {
    this.ranking = { ...DEFAULT_RANKING, ...ranking };
    this.data = data;
    this.infos = data.stories;
    this.answerable = data.sentences.filter((p) => !p.furniture);
    for (const [i, passage] of this.answerable.entries()) {
      this.position.set(passage, i);
      const list = this.passagesByStory.get(passage.storyId) ?? [];
      list.push(passage);
      this.passagesByStory.set(passage.storyId, list);
    }
    const { documentFrequency, words, acronyms, features } = data;
    this.reader = new QuestionReader({
      lexicon,
      documentFrequency,
      words,
      acronyms,
      passageCount: this.answerable.length,
      ranking: this.ranking,
    });
    this.scorer = new Scorer({ answerable: this.answerable, features, ranking: this.ranking });
    this.register = new PeopleIndex(data.stories, data.sentences);
  }

  people(storyId?: string, options?: { withinMs?: number }): Person[] {
    return this.register.people(storyId, options);
  }

  quotes(speaker: string, storyId?: string): QuotesResult {
    return this.register.quotes(String(speaker), storyId);
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
    const query = this.vectors && text.trim() ? await this.questionVector(text, options.meaningBudgetMs) : null;
    // A batch of vectors, or a burst of turns, releases many answers at once: they take turns with the event loop.
    const turn = answerTurns.take();
    if (turn) await turn;
    return this.answer(text, options, query);
  }

  /** The answer path by words alone, synchronously: what `ask` gives with SEMANTIC=off or before the vectors are ready. */
  askByWords(question: string, options: AskOptions = {}): Answer[] {
    return this.answer(String(question).slice(0, QUESTION_MAX_CHARS), options, null);
  }

  /** Computes (or reads the saved) passage vectors; until it resolves, answers are by words only. */
  async startMeaning(encoder: Encoder, cacheDir: string | null): Promise<void> {
    this.meaningState = 'starting';
    try {
      this.vectors = await storyVectors(
        [...this.passagesByStory.values()].map((list) => list.map((p) => p.text)),
        encoder,
        cacheDir,
      );
    } catch (error) {
      this.meaningState = 'off';
      throw error;
    }
    this.encoder = encoder;
    this.meaningState = 'on';
  }

  /** Whether meaning joins the words: on, starting (vectors being computed: answers by words meanwhile) or off. */
  meaning(): 'on' | 'starting' | 'off' {
    return this.meaningState;
  }

  async encode(texts: string[]): Promise<Float32Array[] | undefined> {
    if (!this.encoder) return undefined;
    return this.encoder.encode(texts.map((t) => String(t).slice(0, QUESTION_MAX_CHARS)));
  }

  /** The passage vectors (in `allPassages()` order), or null while meaning is off: for the eval. */
  passageVectors(): PassageVectors | null {
    return this.vectors;
  }

  /**
   * Every lexical candidate with its coverage (the share of the question's meaning it holds), best first, before
   * meaning and abstention: for the eval and for tuning, not for answering.
   */
  explain(question: string, storyId?: string): Candidate[] {
    return this.lexical(String(question).slice(0, QUESTION_MAX_CHARS), storyId);
  }

  private answer(text: string, options: AskOptions, query: Float32Array | null): Answer[] {
    const limit = clampInt(options.limit ?? DEFAULT_ANSWERS, 1, MAX_ANSWERS);
    const offset = clampInt(options.offset ?? 0, 0, MAX_ANSWERS);
    if (options.storyId !== undefined && !this.story(options.storyId)) return [];
    // "What did X say?" and "who is X?" agree with the register (/quotes, /people): see people.ts.
    const ranked = this.register.shapeAnswers(text, this.rank(text, options.storyId, query), options.storyId);
    return ranked.slice(offset, offset + limit);
  }

  /** understand → retrieve → score → decide. */
  private rank(question: string, storyId: string | undefined, query: Float32Array | null): Answer[] {
    const lexical = this.lexical(question, storyId);
    const pool = storyId ? (this.passagesByStory.get(storyId) ?? []) : this.answerable;
    const meaning = query && this.vectors ? meaningCandidates(query, this.vectors, this.position, pool, this.ranking) : null;
    return decide(lexical, meaning, this.ranking).map((c) => ({
      passage: c.passage,
      story: this.story(c.passage.storyId) as StoryInfo,
      score: Math.round(c.score * 1000) / 1000,
      matched: c.matched,
    }));
  }

  private lexical(question: string, storyId: string | undefined): Candidate[] {
    const parsed = this.reader.read(question);
    const index = {
      answerable: this.answerable,
      search: this.data.search,
      documentFrequency: this.data.documentFrequency,
      ranking: this.ranking,
    };
    return this.scorer.score(parsed, lexicalCandidates(parsed, index, storyId));
  }

  /**
   * The question's vector, or null when the encoder fails or is not back within `budgetMs` (then the answer is by
   * words: never an error or a long wait for the member). Recent questions' vectors are remembered ("More passages"
   * asks the same question again).
   */
  private async questionVector(text: string, budgetMs: number | undefined): Promise<Float32Array | null> {
    let vector = this.questionVectors.get(text);
    // Under a burst the encoder's queue is long: a member with a budget gets the answer by words now.
    const crowded = (this.encoder?.backlog?.() ?? 0) >= this.ranking.meaning.maxWaitingQuestions;
    if (!vector && budgetMs !== undefined && crowded) return null;
    if (!vector) {
      vector = (this.encoder?.encode([text]) ?? Promise.resolve([])).then(
        (vectors) => vectors[0] ?? null,
        () => null,
      );
      this.questionVectors.set(text, vector);
      if (this.questionVectors.size > REMEMBERED_QUESTIONS) this.questionVectors.delete(this.questionVectors.keys().next().value as string);
    }
    if (budgetMs === undefined) return vector;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), Math.max(0, budgetMs));
    });
    try {
      return await Promise.race([vector, late]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** The vectors of recent questions, oldest first. */
  private readonly questionVectors = new Map<string, Promise<Float32Array | null>>();

  summary(options: SummaryOptions = {}): Summary {
    const storyId = options.storyId ?? this.infos[0]?.id;
    const story = storyId === undefined ? undefined : this.story(storyId);
    if (!story || storyId === undefined) throw new EngineError(`unknown story "${options.storyId ?? ''}"`);
    const count = clampInt(options.sentences ?? SUMMARY_SENTENCES.default, SUMMARY_SENTENCES.min, SUMMARY_SENTENCES.max);
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

  suggest(partial: string, limit = 10, maxLength = 100): string[] {
    const text = String(partial).slice(0, QUESTION_MAX_CHARS).replace(/\s+/g, ' ').trimStart();
    const max = clampInt(limit, 1, MAX_SUGGESTIONS);
    const length = clampInt(maxLength, 1, MAX_SUGGESTION_CHARS);
    const suggestions: string[] = [];
    const lastWord = /([\p{L}\p{N}]+)$/u.exec(text)?.[1];
    if (lastWord && lastWord.length >= 2) {
      const head = text.slice(0, text.length - lastWord.length);
      const completions = [...this.data.words.atPrefix(lastWord.toLowerCase()).entries()]
        .filter(([word]) => word !== lastWord.toLowerCase() && !isStopword(word))
        .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
        .slice(0, Math.ceil(max / 2));
      for (const [word] of completions) suggestions.push(`${head}${word}`);
    }
    if (text.trim().length >= 3) {
      for (const answer of this.rank(text, undefined, null).slice(0, max)) suggestions.push(answer.passage.text);
    }
    return [...new Set(suggestions.map((s) => truncate(s.trim(), length)).filter((s) => s.length > 0))].slice(0, max);
  }
}

function clampInt(value: number, min: number, max: number): number {
  if (!Number.isFinite(value)) return min;
  return Math.min(max, Math.max(min, Math.trunc(value)));
}
