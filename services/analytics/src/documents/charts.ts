// The 通报's charts (issue 11): bar charts drawn by ECharts on the server as SVG (`ssr: true`,
// renderer 'svg'), then rasterised to PNG by resvg, to be placed in the Word document as images.
// Neither this machine nor the container images hold a CJK font (fc-list: DejaVu only here; the
// runtime image has none at all), and a bundled one would add megabytes: so the image itself carries
// no Chinese. Its axis labels are short ASCII keys (Q1, z1, …) and the numbers on the bars, which
// resvg draws with any font it finds (DejaVu here) and leaves out where none exists; the document's
// text under each chart names the categories and the colours (see docs/analytics.md, "Charts").
import { Resvg } from '@resvg/resvg-js';
import * as echarts from 'echarts';

/** The SVG's size in CSS pixels; the PNG is drawn at twice that for print. */
export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 320;
export const CHART_SCALE = 2;

/** The palette of the series, in order, with the names the document's text gives the colours. */
export const CHART_COLOURS = [
  { hex: '#2f5597', name: '深蓝色' },
  { hex: '#70ad47', name: '绿色' },
  { hex: '#ffc000', name: '黄色' },
  { hex: '#c00000', name: '红色' },
  { hex: '#7f7f7f', name: '灰色' },
] as const;

export interface BarChart {
  /** The category axis's labels, ASCII (the image holds no CJK font). */
  categories: string[];
  /** One series per colour (stacked when there are several); numbers only. */
  series: { data: number[] }[];
}

export interface ChartImage {
  png: Buffer;
  /** The PNG's size in pixels. */
  width: number;
  height: number;
}

/** The chart as an SVG string, rendered by ECharts without a DOM. */
export function chartSvg(chart: BarChart): string {
  const instance = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_WIDTH, height: CHART_HEIGHT });
  try {
    const stacked = chart.series.length > 1;
    instance.setOption({
      animation: false,
      backgroundColor: '#ffffff',
      color: CHART_COLOURS.map((c) => c.hex),
      textStyle: { fontFamily: 'DejaVu Sans, sans-serif' },
      grid: { left: 48, right: 24, top: 24, bottom: 40 },
      xAxis: { type: 'category', data: chart.categories, axisLabel: { fontSize: 13, interval: 0 } },
      yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 12 } },
      series: chart.series.map((s) => ({
        type: 'bar',
        data: s.data,
        ...(stacked ? { stack: 'total' } : {}),
        barMaxWidth: 56,
        label: {
          show: true,
          position: stacked ? 'inside' : 'top',
          fontSize: 12,
          formatter: ({ value }: { value: number }) => (value ? String(value) : ''),
        },
      })),
    });
    return instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
}

/** The chart as a PNG (CHART_WIDTH × CHART_SCALE pixels wide). */
export function chartPng(chart: BarChart): ChartImage {
  const resvg = new Resvg(chartSvg(chart), {
    fitTo: { mode: 'width', value: CHART_WIDTH * CHART_SCALE },
    background: '#ffffff',
    // The system's fonts, for the ASCII labels and numbers; without any, resvg draws no text.
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' },
  });
  const image = resvg.render();
  return { png: Buffer.from(image.asPng()), width: image.width, height: image.height };
}
