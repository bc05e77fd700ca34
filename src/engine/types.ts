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
  /** 3–10, default 5. */
  sentences?: number;
  storyId?: string;
}

export interface Summary {
  story: StoryInfo;
  /** The most central passages, in story order. */
  passages: Passage[];
}
