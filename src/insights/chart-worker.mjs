/**
 * Draws the /insights chart on a worker thread (see chart.ts, which starts it): Apache ECharts
 * renders SVG server-side (no DOM, no canvas) and resvg turns it into PNG. Both are CPU work of a
 * few hundred milliseconds that would otherwise hold up every other member's answer. Plain
 * JavaScript, like the SQLite thread, so it runs under plain node, tsx and vitest alike.
 *
 * workerData: {days: [{day: 'YYYY-MM-DD', answered, notAnswered}], title, width, height, format: 'png' | 'svg'}
 * Posts back {png: Uint8Array} or {svg: string}; throws (the 'error' event) on failure.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { Resvg } from '@resvg/resvg-js';
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TitleComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, GridComponent, LegendComponent, TitleComponent, SVGRenderer]);

/** Rendered at twice the size so text stays sharp on high-density screens. */
const PIXEL_RATIO = 2;
/** Green for answered, grey for the rest (refused, throttled, busy, failed): told apart by lightness too. */
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
function shortDate(day) {
  return new Date(`${day}T00:00:00Z`).toLocaleDateString('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' });
}

function svgOf({ days, title, width, height }) {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      textStyle: { fontFamily: FONT_FAMILY },
      title: { text: title, left: 16, top: 12, textStyle: { fontSize: 16, fontFamily: FONT_FAMILY } },
      legend: { top: 14, right: 16, textStyle: { fontFamily: FONT_FAMILY } },
      grid: { left: 48, right: 24, top: 56, bottom: 40 },
      xAxis: {
        type: 'category',
        data: days.map((d) => shortDate(d.day)),
        axisTick: { alignWithLabel: true },
        axisLabel: { hideOverlap: true },
      },
      yAxis: { type: 'value', minInterval: 1 },
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
    // An undisposed chart keeps timers, and the thread would not end.
    chart.dispose();
  }
}

const svg = svgOf(workerData);
if (workerData.format === 'svg') {
  parentPort?.postMessage({ svg });
} else {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: PIXEL_RATIO },
    font: { fontFiles: FONT_FILES, loadSystemFonts: true, defaultFontFamily: FONT_FAMILY, sansSerifFamily: FONT_FAMILY },
  });
  const png = resvg.render().asPng();
  parentPort?.postMessage({ png }, [png.buffer]);
}
