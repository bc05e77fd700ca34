/**
 * The insights store's contract: what the bot records about questions and votes, and the report
 * moderators read. Two implementations sit behind it (SQLite under DATA_DIR by default, PostgreSQL
 * with DATABASE_URL); callers never know which. Nothing here imports discord.js.
 *
 * Privacy: callers pass the member's raw Discord id; the store turns it into a keyed hash
 * (HMAC-SHA256 with INSIGHTS_SECRET) before it is kept anywhere, so distinct askers can be counted
 * and no one's questions can be listed by person.
 */

/** How a question ended, as recorded. */
export type QuestionOutcome = 'answered' | 'refused' | 'throttled' | 'busy' | 'error';

/** Where the top passage of an answer stands (enough to quote it again, verbatim). */
export interface PassageRef {
  storyId: string;
  paragraph: number;
  sentence: number;
  /** The passage, verbatim. */
  text: string;
}

export interface QuestionRecord {
  /** The interaction's id (a snowflake): votes on the answer refer to it. */
  id: string;
  at: Date;
  guildId: string | null;
  channelId: string | null;
  /** The `story` option, when the member restricted the question to one story. */
  storyFilter: string | null;
  /** The question as asked; the store strips mentions and caps its length. */
  question: string;
  outcome: QuestionOutcome;
  /** The best passage when answered, else null. */
  top: PassageRef | null;
  latencyMs: number;
  /** The member's raw Discord id: hashed by the store, never kept. */
  memberId: string;
}

export interface VoteRecord {
  /** The QuestionRecord id of the answer voted on. */
  questionId: string;
  /** Raw id, hashed by the store. One vote per member per answer: a new vote replaces the old. */
  memberId: string;
  helpful: boolean;
  at: Date;
  guildId: string | null;
}

export interface InsightsQuery {
  /** 1–90 (clamped): the window, in whole UTC days ending with today, so `perDay` adds up to `questions`. */
  days: number;
  /** Only this server's questions (null: questions outside any server, e.g. the CLI's report of all when undefined). */
  guildId?: string | null | undefined;
  /** Only questions asked about this story (the story option) or answered from it. */
  storyId?: string | undefined;
  /** How many rows per list (default 10). */
  limit?: number | undefined;
  /** For tests and the CLI: the end of the window. Default: now. */
  now?: Date | undefined;
}

/** The counts over a window: what the store reads in one query, and the head of the report. */
export interface InsightsTotals {
  /** Every question recorded in the window, whatever its outcome. */
  questions: number;
  /** Distinct askers (distinct member hashes). */
  members: number;
  answered: number;
  refused: number;
  helpful: number;
  notHelpful: number;
}

export interface InsightsReport extends InsightsTotals {
  days: number;
  /** Most asked first; the same question in other words counted together. */
  top: { question: string; count: number }[];
  /** Refused questions, most asked first (paraphrases grouped as in `top`). */
  unanswered: { question: string; count: number }[];
  /** Answers voted not helpful, most votes first, with the passage quoted verbatim. */
  unhelpful: { question: string; passage: string; votes: number }[];
  /** One row per day of the window (UTC dates, oldest first), zeros included: for the chart. */
  perDay: { day: string; answered: number; notAnswered: number }[];
}

/**
 * Groups questions that ask the same thing in other words. Given the distinct normalised
 * questions, returns for each the index of its group's representative (itself when alone).
 * The bot passes one built on the engine's sentence encoder; without it the store groups by
 * normalised text only.
 */
export type QuestionGrouper = (questions: readonly string[]) => Promise<number[]>;

export interface Store {
  /**
   * Which implementation: for logs, `/help` and the README. `'off'` is INSIGHTS=off: records are
   * dropped and `insights()` answers zeros and empty lists (say "insights are off" rather than show it).
   */
  readonly kind: 'sqlite' | 'postgres' | 'off';
  /**
   * Queues a record and returns at once: writes never delay an answer. Records are written in
   * batches at least once a second; a store that is down, locked or full loses that batch (logged),
   * never throws to the caller.
   */
  recordQuestion(record: QuestionRecord): void;
  /** Same guarantees as recordQuestion. */
  recordVote(vote: VoteRecord): void;
  /**
   * The moderators' report. Flushes what is pending first, so a report shows what was just asked.
   * Rejects when the store cannot be read (PostgreSQL down): say so to the moderator.
   */
  insights(query: InsightsQuery, group?: QuestionGrouper): Promise<InsightsReport>;
  /** Writes what is queued now. */
  flush(): Promise<void>;
  /** Deletes questions and votes older than the retention; returns how many rows went. Runs on a timer too. */
  purge(now?: Date): Promise<number>;
  /** Flushes, stops the timers and closes the connection. */
  close(): Promise<void>;
}
