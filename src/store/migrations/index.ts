import type { Kysely } from 'kysely';
import * as m001 from './001-questions-and-votes.js';

export interface Migration {
  version: number;
  name: string;
  up(db: Kysely<unknown>): Promise<void>;
}

/**
 * Every migration, oldest first. A migration is never edited once released: a change to the
 * schema is a new file here with the next version. Each runs in one transaction on both dialects.
 */
export const MIGRATIONS: readonly Migration[] = [{ version: 1, name: 'questions-and-votes', up: m001.up }];
