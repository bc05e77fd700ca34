/**
 * The tables, as Kysely sees them. Times are epoch milliseconds (a bigint in PostgreSQL, an
 * integer in SQLite): one representation both dialects compare and divide the same way.
 */

export interface QuestionsTable {
  /** The interaction's id. */
  id: string;
  at: number;
  guild_id: string | null;
  channel_id: string | null;
  story_filter: string | null;
  /** Mentions stripped, capped (see text.ts). */
  question: string;
  /** The grouping key (normalizeQuestion). */
  normalized: string;
  outcome: string;
  top_story: string | null;
  top_paragraph: number | null;
  top_sentence: number | null;
  top_text: string | null;
  latency_ms: number;
  /** HMAC-SHA256 of the member id with INSIGHTS_SECRET. */
  member_hash: string;
}

export interface VotesTable {
  question_id: string;
  member_hash: string;
  /** 1 helpful, 0 not helpful. */
  helpful: number;
  at: number;
  guild_id: string | null;
}

export interface MigrationsTable {
  version: number;
  name: string;
  applied_at: number;
}

/** PostgreSQL only: the generated INSIGHTS_SECRET every process shares (SQLite keeps it in a file). */
export interface SecretTable {
  id: number;
  value: string;
}

export interface Database {
  questions: QuestionsTable;
  votes: VotesTable;
  store_migrations: MigrationsTable;
  insights_secret: SecretTable;
}
