/**
 * The event loop's health as an operator reads it: every LOOP_DELAY_LOG_MS, one info line with how late the loop
 * ran (longest delay and p99, in ms) since the line before, and once more at shutdown. A stall here delays every
 * interaction the process holds, whatever its cause (encoding, garbage collection, a slow handler, the machine).
 * Node samples the delay itself (`perf_hooks.monitorEventLoopDelay`): no timer of ours runs per sample.
 */
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { Logger } from './logger.js';

/** How often the line is logged: often enough to place a stall in time, rarely enough not to crowd the log. */
export const LOOP_DELAY_LOG_MS = 60_000;
/** Node's sampling interval: a stall shorter than this can go unseen, a longer one is measured in full. */
const SAMPLE_MS = 10;
/** The message of the line, for whoever searches the log for it. */
export const LOOP_DELAY_MESSAGE = 'event-loop delay';

export interface LoopDelayFields {
  /** Longest delay of the loop since the last line, ms (0 when nothing was sampled). */
  maxMs: number;
  /** 99th percentile of the delays sampled since the last line, ms. */
  p99Ms: number;
  meanMs: number;
  /** How many samples the figures stand on. */
  samples: number;
  /** ms the figures cover. */
  sinceMs: number;
}

const ms = (ns: number) => Math.round(ns / 1e4) / 100;

/** The histogram's figures in ms, two decimals. A histogram with no sample yet reads as zeros, not NaN or 2^63. */
export function loopDelayFields(
  histogram: Pick<IntervalHistogram, 'count' | 'max' | 'mean' | 'percentile'>,
  sinceMs: number,
): LoopDelayFields {
  const samples = histogram.count;
  if (samples === 0) return { maxMs: 0, p99Ms: 0, meanMs: 0, samples, sinceMs: Math.round(sinceMs) };
  return {
    maxMs: ms(histogram.max),
    p99Ms: ms(histogram.percentile(99)),
    meanMs: ms(histogram.mean),
    samples,
    sinceMs: Math.round(sinceMs),
  };
}

export interface LoopDelayWatch {
  /** Logs the figures since the last line (marked `final`) and stops measuring. Idempotent. */
  stop(): void;
}

/** Starts measuring and logging; the timer is unref'd, so it never keeps the process alive. */
export function watchEventLoop(logger: Logger): LoopDelayWatch {
  const histogram = monitorEventLoopDelay({ resolution: SAMPLE_MS });
  histogram.enable();
  let since = performance.now();
  const log = (extra: { final?: true } = {}) => {
    const now = performance.now();
    logger.info({ eventLoop: loopDelayFields(histogram, now - since), ...extra }, LOOP_DELAY_MESSAGE);
    histogram.reset();
    since = now;
  };
  const timer = setInterval(log, LOOP_DELAY_LOG_MS).unref();
  let stopped = false;
  return {
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      histogram.disable();
      log({ final: true });
    },
  };
}
