import type { Answer, AskOptions, Passage, Person, QuotesResult, StoryInfo, Summary, SummaryOptions } from './types.js';

/** The story engine's whole public surface: what the CLI and the Discord layer may call. */
export interface StoryEngine {
  /** The indexed stories, in file-name order. */
  stories(): StoryInfo[];
  story(id: string): StoryInfo | undefined;
  /** Best passages first; `[]` when the stories do not answer the question (abstention). Never throws on any string. */
  ask(question: string, options?: AskOptions): Promise<Answer[]>;
  /** Unit vectors of the sentence encoder, one per text; undefined when meaning is off (SEMANTIC=off or not loaded yet). */
  encode?(texts: string[]): Promise<Float32Array[] | undefined>;
  /** Whether meaning (the sentence encoder) joins the words: on, starting (vectors being computed) or off. */
  meaning?(): 'on' | 'starting' | 'off';
  /** Extractive summary of one story (the first when `storyId` is omitted). Throws `EngineError` for an unknown story. */
  summary(options?: SummaryOptions): Summary;
  /** The passage at a position, or undefined. */
  passageAt(storyId: string, paragraph: number, sentence: number): Passage | undefined;
  /** The passages around one (same story, `radius` before and after, furniture excluded), in story order. */
  context(storyId: string, paragraph: number, sentence: number, radius?: number): Passage[];
  /** Autocomplete: up to `limit` short questions/phrases (each at most `maxLength` characters) matching what the member has typed so far. Never throws. */
  suggest(partial: string, limit?: number, maxLength?: number): string[];
  /**
   * The people and bodies a story names (every story when `storyId` is omitted), each story's in order of first
   * mention. `withinMs` (without a story): read no more registers after that long, for callers that cannot wait.
   */
  people(storyId?: string, options?: { withinMs?: number }): Person[];
  /** Every statement of a speaker (a name as typed, or a `Person.key`), verbatim, in story order. Never throws. */
  quotes(speaker: string, storyId?: string): QuotesResult;
}
