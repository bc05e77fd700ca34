/**
 * The plain data the story engine hands to its callers (the CLI and the Discord layer).
 * Nothing here knows about Discord.
 */

/** A story's metadata, as validated from `seeds/<id>.json` (every field optional). */
export interface StoryMeta {
  title?: string | undefined;
  publisher?: string | undefined;
  url?: string | undefined;
  published?: string | undefined;
  language?: string | undefined;
}

/** What callers need to show about a story. */
export interface StoryInfo {
  /** File stem in `seeds/`, e.g. `000_71bf02bc287789e0`. */
  id: string;
  /** `meta.title`, or a title derived from the file name when the metadata has none. */
  title: string;
  publisher: string | null;
  url: string | null;
  published: string | null;
  /** Number of answerable passages (furniture excluded). */
  passageCount: number;
  /** Number of non-empty paragraphs (lines) in the story file. */
  paragraphCount: number;
  /** A short content hash of the story text: changes whenever the text changes. */
  version: string;
}

/** One sentence of a story, verbatim, with where it stands and who said it. */
export interface Passage {
  /** Global position in the engine's passage list (stable for a given set of stories). */
  index: number;
  storyId: string;
  /** Exact substring of the story file: `story.text.slice(start, end) === text`. */
  text: string;
  /** 1-based paragraph (non-empty line) number. */
  paragraph: number;
  /** 1-based sentence number within the paragraph. */
  sentence: number;
  /** UTF-16 offsets into the story text. */
  start: number;
  end: number;
  /** The person or body who said it, or null when it is not a statement or the speaker is uncertain. */
  speaker: string | null;
  /** True for page furniture ("Read more:", calls to action, other headlines): never answered. */
  furniture: boolean;
}

/** One answer to a question. */
export interface Answer {
  passage: Passage;
  story: StoryInfo;
  score: number;
  /** Query terms (as typed) that matched this passage: for highlighting only. */
  matched: string[];
}

export interface AskOptions {
  /** How many answers (default 3, at most 5 for Discord; the CLI may ask more). */
  limit?: number;
  /** Skip this many of the best answers (for "more passages"). */
  offset?: number;
  /** Restrict to one story. */
  storyId?: string;
  /**
   * How long to wait for the sentence encoder (ms) before answering by words alone: a bot under a burst answers
   * within its budget rather than queueing on the encoder. Default: wait (the CLI and the eval).
   */
  meaningBudgetMs?: number;
}

export interface SummaryOptions {
  /** Clamped to `SUMMARY_SENTENCES` (src/shared/limits.ts). */
  sentences?: number;
  storyId?: string;
}

export interface Summary {
  story: StoryInfo;
  /** The most central passages, in story order. */
  passages: Passage[];
}

/** One person or body of a story's register (see people.ts). */
export interface Person {
  /** Short and stable for the same story and name: what autocomplete values and button ids carry. */
  key: string;
  /** As the story spells it in full. */
  name: string;
  kind: 'person' | 'body';
  /** The role the story gives them, in its own words ("US secretary of war"), or null. */
  role: string | null;
  storyId: string;
  /** The paragraph where the story first names them (page furniture and quotations aside). */
  firstParagraph: number;
  /** How many passages are their statements. */
  statements: number;
  /** Where the role is given (paragraph and sentence), or null. */
  roleParagraph: number | null;
  roleSentence: number | null;
}

/** A speaker's statements: `speaker` null when no entry of the register is that speaker (then `suggestions` are the closest). */
export interface QuotesResult {
  speaker: Person | null;
  /** In story order, verbatim; each with its story (score 1: no ranking among statements). */
  quotes: Answer[];
  suggestions: Person[];
}
