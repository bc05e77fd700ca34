import { createHistogram } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { loopDelayFields } from '../../src/bot/loop-delay.js';

/** Node's histograms hold nanoseconds; the log line says milliseconds. */
const NS_PER_MS = 1e6;

describe('loopDelayFields: the event-loop delay line', () => {
  it('gives the longest delay, p99 and mean in ms from a histogram of nanoseconds', () => {
    const histogram = createHistogram();
    for (let i = 0; i < 99; i++) histogram.record(10 * NS_PER_MS);
    histogram.record(73 * NS_PER_MS);
    const fields = loopDelayFields(histogram, 60_000.4);
    expect(fields.samples).toBe(100);
    expect(fields.sinceMs).toBe(60_000);
    // HDR histograms keep about 3 significant digits.
    expect(fields.maxMs).toBeCloseTo(73, 0);
    expect(fields.p99Ms).toBeCloseTo(10, 0);
    expect(fields.meanMs).toBeCloseTo(10.63, 0);
  });

  it('reads an empty histogram as zeros, not NaN or 2^63 (nothing sampled yet)', () => {
    expect(loopDelayFields(createHistogram(), 12)).toEqual({ maxMs: 0, p99Ms: 0, meanMs: 0, samples: 0, sinceMs: 12 });
  });
});
