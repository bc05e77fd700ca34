/**
 * The two brakes a flood meets: a per-member allowance (a token bucket per user id) and a bound on
 * work in flight (so many interactions handled at once, so many waiting, the rest turned away).
 * Plain classes with an injectable clock, so they are tested without Discord or timers.
 */

export type Take = { ok: true } | { ok: false; retryAtMs: number };

/**
 * A per-member allowance as the dispatcher uses it: `KeyedRateLimit` in one process's memory, or
 * `SharedRateLimit` (src/bot/shared-limits.ts) in PostgreSQL, shared by every process.
 */
export interface RateLimit {
  take(key: string): Take | Promise<Take>;
}

export interface RateLimitOptions {
  /** Tokens a member has when idle: how many requests may come at once. */
  capacity: number;
  /** Tokens given back per second. */
  refillPerSecond: number;
  /**
   * Members remembered at most. Past it the least recently seen are forgotten (their buckets are
   * almost surely full again), so a flood from many accounts cannot grow the map without end.
   */
  maxKeys?: number;
  now?: () => number;
}

interface Bucket {
  tokens: number;
  updatedMs: number;
}

const DEFAULT_MAX_KEYS = 10_000;
/** Rates like 1/3 token a second are not exact in floating point; a token this close to whole counts as whole. */
const EPSILON = 1e-6;

/** A token bucket per key (a member's user id). */
export class KeyedRateLimit implements RateLimit {
  private readonly buckets = new Map<string, Bucket>();
  private readonly capacity: number;
  private readonly perMs: number;
  private readonly maxKeys: number;
  private readonly now: () => number;

  constructor(options: RateLimitOptions) {
    if (!(options.capacity >= 1) || !(options.refillPerSecond > 0)) {
      throw new RangeError('KeyedRateLimit: capacity must be ≥ 1 and refillPerSecond > 0');
    }
    this.capacity = options.capacity;
    this.perMs = options.refillPerSecond / 1000;
    this.maxKeys = options.maxKeys ?? DEFAULT_MAX_KEYS;
    this.now = options.now ?? Date.now;
  }

  /** A cooldown: one request, then one more every `seconds`. Undefined for 0 (no cooldown). */
  static cooldown(seconds: number, now?: () => number): KeyedRateLimit | undefined {
    if (seconds <= 0) return undefined;
    return new KeyedRateLimit({ capacity: 1, refillPerSecond: 1 / seconds, ...(now ? { now } : {}) });
  }

  /** A burst allowance refilled at a steady rate. Undefined for a burst of 0 (no limit). */
  static allowance(burst: number, perSecond: number, now?: () => number): KeyedRateLimit | undefined {
    if (burst <= 0) return undefined;
    return new KeyedRateLimit({ capacity: burst, refillPerSecond: perSecond, ...(now ? { now } : {}) });
  }

  /** Spends one token of `key`, or says when the next one will be there. */
  take(key: string): Take {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.capacity, updatedMs: now };
    bucket.tokens = Math.min(this.capacity, bucket.tokens + Math.max(0, now - bucket.updatedMs) * this.perMs);
    bucket.updatedMs = now;
    const ok = bucket.tokens >= 1 - EPSILON;
    if (ok) bucket.tokens = Math.max(0, bucket.tokens - 1);
    // Re-inserting keeps the map in least-recently-seen order, for forgetting.
    this.buckets.delete(key);
    this.buckets.set(key, bucket);
    this.forget(now);
    return ok ? { ok: true } : { ok: false, retryAtMs: now + Math.ceil((1 - bucket.tokens) / this.perMs - EPSILON) };
  }

  /** Members currently remembered. */
  get size(): number {
    return this.buckets.size;
  }

  /**
   * Forgets, from the least recently seen on, members whose bucket has filled up again (the same as
   * never seen), and any past `maxKeys`. Stops at the first it must keep, so each call costs little.
   * The bucket just used is never full (it spent a token or had none), so it is never forgotten.
   */
  private forget(now: number): void {
    for (const [key, bucket] of this.buckets) {
      const full = bucket.tokens + (now - bucket.updatedMs) * this.perMs >= this.capacity - EPSILON;
      if (!full && this.buckets.size <= this.maxKeys) return;
      this.buckets.delete(key);
    }
  }
}

export interface WorkLimitOptions {
  /** Tasks run at once. */
  concurrency: number;
  /** Tasks that may wait for a turn; one more is refused. */
  queue: number;
}

/** Gives out turns: `concurrency` at once, `queue` more waiting in arrival order, the rest refused. */
export class WorkLimiter {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: WorkLimitOptions) {
    if (!(options.concurrency >= 1) || !(options.queue >= 0)) {
      throw new RangeError('WorkLimiter: concurrency must be ≥ 1 and queue ≥ 0');
    }
  }

  /**
   * A turn: resolves with its `release` once a slot is free, or is undefined at once when the
   * queue is full. Every turn given must be released exactly once (later calls do nothing).
   */
  acquire(): Promise<() => void> | undefined {
    if (this.running < this.options.concurrency) {
      this.running++;
      return Promise.resolve(this.releaser());
    }
    if (this.waiting.length >= this.options.queue) return undefined;
    return new Promise((resolve) => this.waiting.push(() => resolve(this.releaser())));
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next in line, so `running` never dips and lets a newcomer jump the queue.
      if (next) next();
      else this.running--;
    };
  }
}
