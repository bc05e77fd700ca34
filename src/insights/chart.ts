/**
 * The chart attached to /insights: questions per day, answered against not, as a PNG. Apache
 * ECharts draws it as SVG on the server (no DOM, no canvas) and resvg turns the SVG into PNG.
 * Pure: no discord.js; the caller decides where the image goes.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

export interface DayCount {
  /** UTC date, `YYYY-MM-DD`. */
  day: string;
  answered: number;
  notAnswered: number;
}

/** Wide enough for 90 labelled days, small enough to read on a phone once Discord scales it. */
export const CHART_WIDTH = 960;
export const CHART_HEIGHT = 420;
/** Rendered at twice the size so text stays sharp on high-density screens. */
const PIXEL_RATIO = 2;

/** Green for answered, grey for the rest (refused, throttled, busy, failed): readable by the colour-blind too, by lightness. */
const ANSWERED_COLOUR = '#3ba55d';
const NOT_ANSWERED_COLOUR = '#9aa0a6';
const FONT_FAMILY = 'DejaVu Sans';

const require = createRequire(import.meta.url);
/**
 * resvg draws no text without a font. Machines without fonts installed (slim containers, CI) are
 * common, so the DejaVu Sans shipped in the `dejavu-fonts-ttf` package is always loaded; system
 * fonts are a fallback for characters it lacks.
 */
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((file) =>
  join(dirname(require.resolve('dejavu-fonts-ttf/package.json')), 'ttf', file),
);

/** "Nov 3" from "2026-11-03", in UTC like the days themselves. */
function shortDate(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  return date.toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

/** The chart as SVG markup (ECharts' server-side renderer). */
export function questionsPerDaySvg(days: readonly DayCount[], title: string): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: CHART_HEIGHT });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT_FAMILY },
      title: { text: title, left: 16, top: 12, textStyle: { fontSize: 16, fontFamily: FONT_FAMILY } },
      legend: { top: 14, right: 16, textStyle: { fontFamily: FONT_FAMILY } },
      grid: { left: 56, right: 24, top: 56, bottom: 48 },
      xAxis: { type: 'category', data: days.map((d) => shortDate(d.day)), axisLabel: { hideOverlap: true } },
      yAxis: { type: 'value', minInterval: 1, name: 'questions', nameTextStyle: { fontFamily: FONT_FAMILY } },
      series: [
        { name: 'Answered', type: 'bar', stack: 'questions', data: days.map((d) => d.answered), itemStyle: { color: ANSWERED_COLOUR } },
        {
          name: 'Not answered',
          type: 'bar',
          stack: 'questions',
          data: days.map((d) => d.notAnswered),
          itemStyle: { color: NOT_ANSWERED_COLOUR },
        },
      ],
    });
    return chart.renderToSVGString();
  } finally {
    // An undisposed chart keeps timers and would keep the process alive.
    chart.dispose();
  }
}

/** The chart as a PNG image. */
export function questionsPerDayPng(days: readonly DayCount[], title: string): Buffer {
  const svg = questionsPerDaySvg(days, title);
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: PIXEL_RATIO },
    font: { fontFiles: FONT_FILES, loadSystemFonts: true, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  });
  return resvg.render().asPng();
}
