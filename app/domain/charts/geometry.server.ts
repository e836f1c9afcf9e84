import { scaleBand, scaleLinear, scalePoint } from "d3-scale";
import { line } from "d3-shape";
import type { ChartGeometry } from "./chart-geometry.ts";

/**
 * A chart's geometry from its figures (ADR 51): scales from d3-scale, line paths from d3-shape, worked out here on
 * the server; the page's loader sends the result (plain numbers and strings) and ui/chart.tsx draws it. Lines or
 * bars over a run of categories (terms, months), one series or several; a missing figure is a gap, never a zero.
 */

export interface ChartInput {
  kind: "line" | "bar";
  title: string;
  /** What the chart shows, in words, for screen readers (the table beneath has every figure). */
  description: string;
  categories: string[];
  series: { label: string; values: (number | null)[] }[];
  yLabel: string;
  width?: number;
  height?: number;
}

const MARGIN = { top: 16, right: 16, bottom: 44, left: 48 };

export function chartGeometry(input: ChartInput): ChartGeometry {
  const width = input.width ?? 640;
  const height = input.height ?? 280;
  const plot = { left: MARGIN.left, top: MARGIN.top, right: width - MARGIN.right, bottom: height - MARGIN.bottom };
  const values = input.series.flatMap((s) => s.values).filter((v): v is number => v !== null);
  const y = scaleLinear()
    .domain([0, Math.max(1, ...values)])
    .nice(5)
    .range([plot.bottom, plot.top]);
  // Whole numbers only: places and pupils are counted, never halved.
  const yTicks = y
    .ticks(5)
    .filter((t) => Number.isInteger(t))
    .map((t) => ({ at: round(y(t)), label: t.toLocaleString("en-GB") }));
  // Label every category while they fit (about 40 units each); else every nth, always the last.
  const step = Math.max(1, Math.ceil((input.categories.length * 44) / (plot.right - plot.left)));
  const labelled = (i: number) => i % step === 0 || i === input.categories.length - 1;
  if (input.kind === "bar") {
    const x = scaleBand<string>().domain(input.categories).range([plot.left, plot.right]).paddingInner(0.2).paddingOuter(0.1);
    const inner = scaleBand<number>()
      .domain(input.series.map((_, i) => i))
      .range([0, x.bandwidth()])
      .padding(0.05);
    return {
      kind: "bar",
      title: input.title,
      description: input.description,
      width,
      height,
      plot,
      yLabel: input.yLabel,
      yTicks,
      xTicks: input.categories.flatMap((c, i) => (labelled(i) ? [{ at: round((x(c) ?? 0) + x.bandwidth() / 2), label: c }] : [])),
      series: input.series.map((s, index) => ({
        label: s.label,
        style: index,
        path: null,
        marks: s.values.flatMap((value, i) => {
          if (value === null) return [];
          const category = input.categories[i]!;
          const top = y(value);
          return [{ x: round((x(category) ?? 0) + (inner(index) ?? 0)), y: round(top), width: round(inner.bandwidth()), height: round(plot.bottom - top), value, category }];
        }),
      })),
    };
  }
  const x = scalePoint<string>().domain(input.categories).range([plot.left, plot.right]).padding(0.3);
  const path = line<number | null>()
    .defined((v) => v !== null)
    .x((_, i) => x(input.categories[i]!) ?? 0)
    .y((v) => y(v ?? 0));
  return {
    kind: "line",
    title: input.title,
    description: input.description,
    width,
    height,
    plot,
    yLabel: input.yLabel,
    yTicks,
    xTicks: input.categories.flatMap((c, i) => (labelled(i) ? [{ at: round(x(c) ?? 0), label: c }] : [])),
    series: input.series.map((s, index) => ({
      label: s.label,
      style: index,
      path: s.values.some((v) => v !== null) ? (path.digits(1)(s.values) ?? null) : null,
      marks: s.values.flatMap((value, i) => (value === null ? [] : [{ x: round(x(input.categories[i]!) ?? 0), y: round(y(value)), width: 0, height: 0, value, category: input.categories[i]! }])),
    })),
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
