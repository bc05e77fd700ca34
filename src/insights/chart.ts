/**
 * The chart attached to /insights: questions per day, answered against not, as a PNG. Drawn on a
 * worker thread (chart-worker.mjs: Apache ECharts' server-side SVG, then resvg to PNG), so the
 * few hundred milliseconds it takes never hold up the answers the bot is giving meanwhile. Pure:
 * no discord.js; the caller decides where the image goes.
 */
import { Worker } from 'node:worker_threads';

export interface DayCount {
  /** UTC date, `YYYY-MM-DD`. */
  day: string;
  answered: number;
  notAnswered: number;
}

/** Wide enough for 90 labelled days, small enough to read on a phone once Discord scales it. */
export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 420;
/** A chart that takes longer than this is given up (the report goes out without it). */
export const CHART_TIMEOUT_MS = 20_000;

const WORKER = new URL('./chart-worker.mjs', import.meta.url);

/** Runs one drawing on its own short-lived thread. */
function draw<T>(
  days: readonly DayCount[],
  title: string,
  format: 'png' | 'svg',
  pick: (reply: { png?: Uint8Array; svg?: string }) => T,
): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(WORKER, { workerData: { days, title, width: CHART_WIDTH, height: CHART_HEIGHT, format } });
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      fn();
    };
    const timer = setTimeout(() => {
      finish(() => reject(new Error(`chart: not drawn within ${CHART_TIMEOUT_MS} ms`)));
      void worker.terminate();
    }, CHART_TIMEOUT_MS);
    worker.once('message', (reply: { png?: Uint8Array; svg?: string }) => finish(() => resolve(pick(reply))));
    worker.once('error', (err) => finish(() => reject(err)));
    worker.once('exit', (code) => finish(() => reject(new Error(`chart: the drawing thread exited (${code}) without a picture`))));
  });
}

/** The chart as a PNG image. */
export function questionsPerDayPng(days: readonly DayCount[], title: string): Promise<Buffer> {
  return draw(days, title, 'png', (reply) => {
    if (!reply.png) throw new Error('chart: no PNG came back');
    return Buffer.from(reply.png.buffer, reply.png.byteOffset, reply.png.byteLength);
  });
}

/** The chart as SVG markup (what is turned into the PNG). */
export function questionsPerDaySvg(days: readonly DayCount[], title: string): Promise<string> {
  return draw(days, title, 'svg', (reply) => reply.svg ?? '');
}
