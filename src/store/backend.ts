import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** What differs between SQLite and PostgreSQL; everything else (queries, batching, the report) is shared. */
export interface Backend {
  readonly kind: 'sqlite' | 'postgres';
  /** For reads: the report and its queries. */
  readonly db: Kysely<Database>;
  /** Runs `work` in one write transaction (waiting asynchronously for another writer on SQLite). */
  write<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** A write transaction no other process runs at the same time: for migrations. */
  exclusive<T>(work: (trx: Kysely<Database>) => Promise<T>): Promise<T>;
  /** The generated member-hash key, the same for every process sharing the store. */
  loadSecret(): Promise<string>;
  close(): Promise<void>;
}
