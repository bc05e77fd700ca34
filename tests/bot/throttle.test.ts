import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyedRateLimit, WorkLimiter } from '../../src/bot/throttle.js';

/** A clock the test moves by hand. */
function clock(start = 1_000_000) {
  let now = start;
  return {
    now: () => now,
    advance(ms: number) {
      now += ms;
    },
  };
}

describe('KeyedRateLimit.cooldown', () => {
  it('lets one request through, then refuses until the cooldown has passed, saying when', () => {
    const time = clock();
    const limit = KeyedRateLimit.cooldown(3, time.now);
    expect(limit?.take('alice')).toEqual({ ok: true });
    expect(limit?.take('alice')).toEqual({ ok: false, retryAtMs: time.now() + 3_000 });
    time.advance(2_999);
    expect(limit?.take('alice')).toEqual({ ok: false, retryAtMs: time.now() + 1 });
    time.advance(1);
    expect(limit?.take('alice')).toEqual({ ok: true });
  });

  it('keeps each member to their own cooldown', () => {
    const limit = KeyedRateLimit.cooldown(3, clock().now);
    expect(limit?.take('alice').ok).toBe(true);
    expect(limit?.take('bob').ok).toBe(true);
    expect(limit?.take('alice').ok).toBe(false);
  });

  it('a refused request does not push the next chance further away', () => {
    const time = clock();
    const limit = KeyedRateLimit.cooldown(3, time.now);
    limit?.take('alice');
    for (let i = 0; i < 10; i++) {
      time.advance(100);
      limit?.take('alice');
    }
    time.advance(2_000);
    expect(limit?.take('alice').ok).toBe(true);
  });

  it('0 seconds means no cooldown', () => {
    expect(KeyedRateLimit.cooldown(0)).toBeUndefined();
  });
});

describe('KeyedRateLimit.allowance', () => {
  it('allows a burst, then the refill rate', () => {
    const time = clock();
    const limit = KeyedRateLimit.allowance(5, 2, time.now);
    for (let i = 0; i < 5; i++) expect(limit?.take('typist').ok).toBe(true);
    expect(limit?.take('typist')).toEqual({ ok: false, retryAtMs: time.now() + 500 });
    time.advance(500);
    expect(limit?.take('typist').ok).toBe(true);
    expect(limit?.take('typist').ok).toBe(false);
  });

  it('never lets more through than the burst plus what the elapsed time refilled (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.integer({ min: 1, max: 10 }),
        fc.array(fc.integer({ min: 0, max: 400 }), { maxLength: 200 }),
        (burst, perSecond, gaps) => {
          const time = clock();
          const limit = KeyedRateLimit.allowance(burst, perSecond, time.now) as KeyedRateLimit;
          let granted = 0;
          for (const gap of gaps) {
            time.advance(gap);
            if (limit.take('k').ok) granted++;
          }
          const elapsed = gaps.reduce((a, b) => a + b, 0);
          expect(granted).toBeLessThanOrEqual(burst + Math.floor((elapsed * perSecond) / 1000) + 1);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('a burst of 0 means no limit', () => {
    expect(KeyedRateLimit.allowance(0, 5)).toBeUndefined();
  });

  it('forgets members whose allowance has filled up again, so the map holds only recent ones', () => {
    const time = clock();
    const limit = KeyedRateLimit.cooldown(3, time.now) as KeyedRateLimit;
    for (let i = 0; i < 100; i++) limit.take(`user-${i}`);
    expect(limit.size).toBe(100);
    time.advance(3_000);
    limit.take('someone new');
    expect(limit.size).toBe(1);
    expect(limit.take('someone new').ok).toBe(false);
  });

  it('forgets the least recently seen members past maxKeys, so many accounts cannot grow it without end', () => {
    const time = clock();
    const limit = new KeyedRateLimit({ capacity: 1, refillPerSecond: 1, maxKeys: 100, now: time.now });
    for (let i = 0; i < 10_000; i++) limit.take(`user-${i}`);
    expect(limit.size).toBe(100);
    // The most recent members are still held to their allowance.
    expect(limit.take('user-9999').ok).toBe(false);
  });
});

describe('WorkLimiter', () => {
  it('runs `concurrency` at once, queues `queue` more in order, and refuses the rest at once', async () => {
    const limiter = new WorkLimiter({ concurrency: 2, queue: 2 });
    const order: number[] = [];
    const turns = Array.from({ length: 5 }, () => limiter.acquire());
    expect(turns[4]).toBeUndefined();
    expect(limiter.active).toBe(2);
    expect(limiter.queued).toBe(2);
    const releases = await Promise.all(turns.slice(0, 2) as Promise<() => void>[]);
    void turns[2]?.then((release) => {
      order.push(2);
      release();
    });
    void turns[3]?.then((release) => {
      order.push(3);
      release();
    });
    releases[0]?.();
    releases[1]?.();
    await new Promise((r) => setTimeout(r, 0));
    expect(order).toEqual([2, 3]);
    expect(limiter.active).toBe(0);
    expect(limiter.queued).toBe(0);
  });

  it('a second release of the same turn changes nothing', async () => {
    const limiter = new WorkLimiter({ concurrency: 1, queue: 1 });
    const release = await limiter.acquire();
    const waiting = limiter.acquire();
    release?.();
    release?.();
    expect(limiter.active).toBe(1);
    (await waiting)?.();
    expect(limiter.active).toBe(0);
  });

  it('never has more than `concurrency` running or `queue` waiting (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 0, max: 5 }),
        fc.array(fc.boolean(), { maxLength: 60 }),
        async (concurrency, queue, steps) => {
          const limiter = new WorkLimiter({ concurrency, queue });
          const held: (() => void)[] = [];
          for (const acquire of steps) {
            if (acquire) {
              const turn = limiter.acquire();
              if (turn) void turn.then((release) => held.push(release));
            } else {
              held.shift()?.();
            }
            await Promise.resolve();
            expect(limiter.active).toBeLessThanOrEqual(concurrency);
            expect(limiter.queued).toBeLessThanOrEqual(queue);
          }
        },
      ),
      { numRuns: 100 },
    );
  });
});
