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

describe('questionsPerDayPng', () => {
  it('draws a real PNG at twice the chart size', () => {
    const png = questionsPerDayPng(
      days(30, (i) => (i * 7) % 13, (i) => i % 4),
      'Questions per day, last 30 days',
    );
    expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect(pngSize(png)).toEqual({ width: CHART_WIDTH * 2, height: CHART_HEIGHT * 2 });
  });

  it('draws text: the same bars with a title and labels make a bigger image than without any', () => {
    // resvg silently skips text it has no font for; a font that loads makes the title add pixels.
    const data = days(7, () => 3, () => 1);
    const withTitle = questionsPerDayPng(data, 'Questions per day, last 7 days — a long title with many words');
    const withoutTitle = questionsPerDayPng(data, '');
    expect(withTitle.length).toBeGreaterThan(withoutTitle.length + 1_000);
  });

  it('draws one day, and a window of no questions, without failing', () => {
    expect(questionsPerDayPng(days(1, () => 1, () => 0), 'One day').subarray(0, 8)).toEqual(PNG_SIGNATURE);
    expect(questionsPerDayPng(days(90, () => 0, () => 0), 'Nothing').subarray(0, 8)).toEqual(PNG_SIGNATURE);
  });

  it('puts both series, and every day, in the SVG', () => {
    const svg = questionsPerDaySvg(days(3, () => 2, () => 1), 'T');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('Answered');
    expect(svg).toContain('Not answered');
    for (const label of ['Nov 1', 'Nov 2', 'Nov 3']) expect(svg).toContain(label);
  });
});
