/**
 * @module ui/components/line-chart
 * A time-series chart drawn by uPlot (canvas), sized to its container, in the page's light or
 * dark colours, with optional horizontal reference lines (e.g. a drift statistic's warn and drift
 * thresholds) drawn dashed. The canvas is hidden from assistive technology: every chart on the
 * console has its numbers in a table beside it.
 */
import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import type { VNode } from 'preact';
import uPlot from 'uplot';

/** One line of the chart. */
export interface ChartSeries {
  label: string;
  values: ReadonlyArray<number | null>;
  /** CSS colour variable of the line, e.g. --series-1. */
  colour: string;
  /** Scale key: series on other scales get a right-hand axis. */
  scale?: string;
}

/** A horizontal reference line. */
export interface ChartLine {
  label: string;
  value: number;
  colour: string;
}

/** Props of LineChart. */
export interface LineChartProps {
  /** Window starts, in seconds since the epoch. */
  times: readonly number[];
  series: readonly ChartSeries[];
  lines?: readonly ChartLine[];
  /** Fixed range of the main scale, e.g. [0, 1] for shares. */
  range?: [number, number];
  /** Label of the description the chart's figure points to. */
  label: string;
}

const HEIGHT = 220;

/** The chart. */
export function LineChart(props: LineChartProps): VNode {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (element === null) return undefined;
    let plot: uPlot | undefined;
    const draw = (): void => {
      plot?.destroy();
      plot = new uPlot(options(props, element.clientWidth), data(props), element);
    };
    draw();
    const resize = new ResizeObserver(() => plot?.setSize({ width: element.clientWidth, height: HEIGHT }));
    resize.observe(element);
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    scheme.addEventListener('change', draw);
    return () => {
      resize.disconnect();
      scheme.removeEventListener('change', draw);
      plot?.destroy();
    };
  }, [props]);
  return html`<div class="chart" ref=${box} aria-hidden="true"></div>`;
}

function colour(name: string): string {
  return getComputedStyle(document.documentElement).getPropertyValue(name).trim() || '#888';
}

function options(props: LineChartProps, width: number): uPlot.Options {
  const axisColour = colour('--text-muted');
  const grid = { stroke: colour('--border'), width: 1 };
  // The windows' own span; one window alone would get an axis of years around it, so it gets an hour either side.
  const first = props.times[0] ?? 0;
  const last = props.times[props.times.length - 1] ?? first;
  const pad = first === last ? 3600 : 0;
  const scales: uPlot.Scales = { x: { time: true, auto: false, range: [first - pad, last + pad] }, y: props.range === undefined ? {} : { range: props.range } };
  const extraScales = [...new Set(props.series.map((s) => s.scale).filter((s): s is string => s !== undefined && s !== 'y'))];
  for (const key of extraScales) scales[key] = {};
  return {
    width: Math.max(240, width),
    // Windows are UTC-aligned and the tables say UTC: so does the axis.
    tzDate: (ts: number) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    height: HEIGHT,
    scales,
    legend: { show: true },
    cursor: { drag: { x: false, y: false } },
    axes: [
      { stroke: axisColour, grid },
      { stroke: axisColour, grid, scale: 'y' },
      ...extraScales.map((key) => ({ stroke: axisColour, grid: { show: false }, scale: key, side: 1 as const })),
    ],
    series: [
      {},
      ...props.series.map((s) => ({ label: s.label, stroke: colour(s.colour), width: 2, scale: s.scale ?? 'y', points: { show: true, size: 5 }, spanGaps: false })),
      ...(props.lines ?? []).map((l) => ({ label: l.label, stroke: colour(l.colour), width: 1.5, dash: [6, 4], scale: 'y', points: { show: false } })),
    ],
  };
}

function data(props: LineChartProps): uPlot.AlignedData {
  return [
    [...props.times],
    ...props.series.map((s) => [...s.values]),
    ...(props.lines ?? []).map((l) => props.times.map(() => l.value)),
  ] as uPlot.AlignedData;
}
