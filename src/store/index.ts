/**
 * The insights store: `openStore` picks the implementation the configuration names. Callers see
 * only the `Store` contract (types.ts).
 */
import type { Config } from '../config.js';
import { OffStore } from './off.js';
import { openPostgres } from './postgres.js';
import { openSqlite } from './sqlite.js';
import { BufferedStore, type StoreLogger } from './store.js';
import type { Store } from './types.js';

export { emptyReport } from './report.js';
export { SQLITE_FILE } from './sqlite.js';
export type { StoreLogger } from './store.js';
export { cleanQuestion, MAX_QUESTION_CHARS, normalizeQuestion } from './text.js';
export type * from './types.js';

export type StoreConfig = Pick<
  Config,
  'DATA_DIR' | 'DATABASE_URL' | 'INSIGHTS' | 'INSIGHTS_RETENTION_DAYS' | 'INSIGHTS_SECRET' | 'INSIGHTS_MAX_MB'
>;

export interface OpenStoreOptions {
  config: StoreConfig;
  logger: StoreLogger;
  /** Test and bench knob: how often queued records are written (default 500 ms). */
  flushMs?: number;
}

/**
 * INSIGHTS=off → a store that records nothing; DATABASE_URL → PostgreSQL; otherwise SQLite under
 * DATA_DIR. Migrates on open. Never throws for a database that is down: the store logs it and
 * retries at each flush, and the bot answers meanwhile. `insights()` rejects while it is down.
 */
export async function openStore({ config, logger, flushMs }: OpenStoreOptions): Promise<Store> {
  if (config.INSIGHTS === 'off') return new OffStore();
  const options = {
    retentionDays: config.INSIGHTS_RETENTION_DAYS,
    secret: config.INSIGHTS_SECRET,
    logger,
    ...(flushMs ? { flushMs } : {}),
  };
  const url = config.DATABASE_URL;
  let idleErrorLogged = 0;
  const store = url
    ? new BufferedStore(
        'postgres',
        () =>
          openPostgres({
            url,
            onIdleError: (err) => {
              // A server restart drops every idle connection at once: one line, not one per connection.
              if (Date.now() - idleErrorLogged < 10_000) return;
              idleErrorLogged = Date.now();
              logger.warn({ err: { message: err.message } }, 'insights store: PostgreSQL dropped a connection');
            },
          }),
        options,
      )
    : new BufferedStore('sqlite', () => openSqlite(config.DATA_DIR, config.INSIGHTS_MAX_MB), options);
  await store.start();
  return store;
}
export { type Encode, encoderGrouper, PARAPHRASE_SIMILARITY } from './grouper.js';
