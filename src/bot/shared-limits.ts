import pg from 'pg';
import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { Config } from '../config.js';
import type { Brakes } from './dispatch.js';
import type { Logger } from './logger.js';
import { KeyedRateLimit, type RateLimit, type Take, WorkLimiter } from './throttle.js';

/**
 * The brakes of one process (see dispatch.ts). The work limiter is always this process's own (it
 * bounds this process's memory); the members' allowances are this process's own too, unless
 * `DATABASE_URL` is set: then every process (HTTP workers on any machine, gateway shards) spends
 * from the same allowances in PostgreSQL, so a member cannot ask N times as often by landing on N
 * processes.
 *
 * Shared allowances use rate-limiter-flexible's RateLimiterPostgres: one upsert per take, counting
 * points in a fixed window (a cooldown of S seconds is 1 point per S s; the autocomplete allowance
 * is `burst` points per the time the rate refills a whole burst). Should the database stop
 * answering, each process falls back to an in-memory limiter of the same shape (the library's
 * insurance limiter) rather than refusing members or letting them through unbounded.
 */

/** One table for every allowance; each kind has its own key prefix. */
export const RATE_LIMIT_TABLE = 'story_bot_rate_limits';
/** A query that takes longer than this counts as the database not answering (the insurance limiter decides). */
const QUERY_TIMEOUT_MS = 1_000;

/** A rate-limiter-flexible limiter behind the dispatcher's `RateLimit`. */
export class SharedRateLimit implements RateLimit {
  constructor(
    private readonly limiter: RateLimiterPostgres | RateLimiterMemory,
    private readonly now: () => number = Date.now,
  ) {}

  async take(key: string): Promise<Take> {
    try {
      await this.limiter.consume(key);
      return { ok: true };
    } catch (err) {
      if (err instanceof RateLimiterRes) return { ok: false, retryAtMs: this.now() + err.msBeforeNext };
      throw err;
    }
  }
}

interface Shape {
  prefix: string;
  points: number;
  /** Seconds of the window (rate-limiter-flexible counts whole seconds). */
  duration: number;
}

/** The allowance shapes from the configuration; undefined where the limit is off (0). */
function shapes(config: Config): { questions?: Shape; autocomplete?: Shape } {
  const out: { questions?: Shape; autocomplete?: Shape } = {};
  if (config.ASK_COOLDOWN_SECONDS > 0) out.questions = { prefix: 'ask', points: 1, duration: config.ASK_COOLDOWN_SECONDS };
  if (config.AUTOCOMPLETE_BURST > 0) {
    const duration = Math.max(1, Math.ceil(config.AUTOCOMPLETE_BURST / config.AUTOCOMPLETE_PER_SECOND));
    out.autocomplete = { prefix: 'autocomplete', points: config.AUTOCOMPLETE_BURST, duration };
  }
  return out;
}

export interface ProcessBrakes {
  brakes: Brakes;
  /** Where the members' allowances live, for the start-up log line. */
  shared: boolean;
  /** Closes the database pool, if any. */
  close(): Promise<void>;
}

/** Creates the table once, then the limiters (creating it from each would race between processes). */
async function postgresLimiter(pool: pg.Pool, shape: Shape, createTable: boolean): Promise<RateLimiterPostgres> {
  return new Promise((resolve, reject) => {
    const limiter: RateLimiterPostgres = new RateLimiterPostgres(
      {
        storeClient: pool,
        tableName: RATE_LIMIT_TABLE,
        tableCreated: !createTable,
        keyPrefix: shape.prefix,
        points: shape.points,
        duration: shape.duration,
        clearExpiredByTimeout: createTable,
        insuranceLimiter: new RateLimiterMemory({ keyPrefix: shape.prefix, points: shape.points, duration: shape.duration }),
      },
      // Called from inside the constructor when there is no table to create: settle once `limiter` is assigned.
      (err?: unknown) => queueMicrotask(() => (err ? reject(err) : resolve(limiter))),
    );
  });
}

/** Several processes starting at once may each try to create the table; the loser of that race just tries again. */
async function withRetry<T>(fn: () => Promise<T>, attempts = 3): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= attempts) throw err;
      await new Promise((resolve) => setTimeout(resolve, 100 * i));
    }
  }
}

/** This process's own allowances, in memory. */
function memoryBrakes(config: Config, work: WorkLimiter): Brakes {
  return {
    questions: KeyedRateLimit.cooldown(config.ASK_COOLDOWN_SECONDS),
    autocomplete: KeyedRateLimit.allowance(config.AUTOCOMPLETE_BURST, config.AUTOCOMPLETE_PER_SECOND),
    work,
  };
}

/**
 * The brakes of this process. With DATABASE_URL, the allowances are in PostgreSQL; a database that
 * cannot be reached at start costs the sharing (logged), never the answers: the process then keeps
 * its own allowances in memory, as the insights store gives up recording rather than answering.
 */
export async function createBrakes(config: Config, logger: Logger): Promise<ProcessBrakes> {
  const work = new WorkLimiter({ concurrency: config.INTERACTION_CONCURRENCY, queue: config.INTERACTION_QUEUE });
  if (!config.DATABASE_URL) return { brakes: memoryBrakes(config, work), shared: false, close: async () => {} };
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: 4,
    connectionTimeoutMillis: QUERY_TIMEOUT_MS,
    query_timeout: QUERY_TIMEOUT_MS,
  });
  // A dropped connection is reported here; without a listener it would crash the process.
  pool.on('error', (err) => logger.warn({ err: { message: err.message } }, 'database connection error'));
  const { questions, autocomplete } = shapes(config);
  let tableMade = false;
  const make = async (shape: Shape | undefined) => {
    if (!shape) return undefined;
    const limiter = await withRetry(() => postgresLimiter(pool, shape, !tableMade));
    tableMade = true;
    return new SharedRateLimit(limiter);
  };
  try {
    const brakes: Brakes = { questions: await make(questions), autocomplete: await make(autocomplete), work };
    return { brakes, shared: true, close: () => pool.end() };
  } catch (err) {
    await pool.end().catch(() => {});
    // The message of a connection error names host and port, never the password in the URL.
    logger.error(
      { err: { message: err instanceof Error ? err.message : String(err) } },
      'cooldowns cannot be shared through DATABASE_URL: each process keeps its own',
    );
    return { brakes: memoryBrakes(config, work), shared: false, close: async () => {} };
  }
}
