import { describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH, questionsPerDayPng, questionsPerDaySvg } from '../../src/insights/chart.js';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function days(n: number, answered: (i: number) => number, notAnswered: (i: number) => number) {
  return Array.from({ length: n }, (_, i) => ({
    day: new Date(Date.UTC(2026, 10, 1 + i)).toISOString().slice(0, 10),
    answered: answered(i),
    notAnswered: notAnswered(i),
  }));
}

/** Width and height from the PNG's IHDR chunk. */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('questionsPerDayPng (on a worker thread)', () => {
  it('draws a real PNG at twice the chart size', async () => {
    const png = await questionsPerDayPng(
      days(
        30,
        (i) => (i * 7) % 13,
        (i) => i % 4,
      ),
      'Questions per day, last 30 days',
    );
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH * 2, height: CHART_HEIGHT * 2 });
  });

  it('draws text: the same bars with a title and labels make a bigger image than without any', async () => {
    // resvg silently skips text it has no font for; a font that loads makes the title add pixels.
    const data = days(
      7,
      () => 3,
      () => 1,
    );
    const withTitle = await questionsPerDayPng(data, 'Questions per day, last 7 days — a long title with many words');
    const withoutTitle = await questionsPerDayPng(data, '');
    expect(withTitle.length).toBeGreaterThan(withoutTitle.length + 1_000);
  });

  it('puts both series, and every day, in the SVG', async () => {
    const svg = await questionsPerDaySvg(
      days(
        3,
        () => 2,
        () => 1,
      ),
      'T',
    );
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('Answered');
    expect(svg).toContain('Not answered');
    for (const label of ['Nov 1', 'Nov 2', 'Nov 3']) expect(svg).toContain(label);
  });
});

describe('the event loop while a chart is drawn', () => {
  it('keeps turning: the drawing happens on another thread (here: 90 days without a question)', async () => {
    const data = days(
      90,
      () => 0,
      () => 0,
    );
    let ticks = 0;
    let longest = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
      ticks++;
    }, 5);
    let png: Buffer;
    try {
      png = await questionsPerDayPng(data, 'Questions per day, last 90 days');
    } finally {
      clearInterval(timer);
    }
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    // Drawing on this thread would stop the timer for the whole render (hundreds of ms, one long gap).
    expect(ticks).toBeGreaterThan(5);
    expect(longest).toBeLessThan(1_000);
  });
});
