/**
 * A chart's geometry as plain data (ADR 51): what app/components/ui/chart.tsx draws as <svg>. Computed on the
 * server (geometry.server.ts, with d3-scale and d3-shape) and sent in the loader's data, so no charting code ships
 * to the browser. Client-safe: types only.
 */

export interface ChartTick {
  /** Position along its axis, in the SVG's units. */
  at: number;
  label: string;
}

export interface ChartSeriesGeometry {
  label: string;
  /** Which of the chart's styles (colour and dash) draws it: 0, 1, 2 ... */
  style: number;
  /** A line's path (`d`), with gaps where a term has no figure; null for bars. */
  path: string | null;
  /** Each figure's mark: a dot on a line, a bar's rectangle; null values have none. */
  marks: { x: number; y: number; width: number; height: number; value: number; category: string }[];
}

export interface ChartGeometry {
  kind: "line" | "bar";
  title: string;
  description: string;
  width: number;
  height: number;
  plot: { left: number; top: number; right: number; bottom: number };
  xTicks: ChartTick[];
  yTicks: ChartTick[];
  yLabel: string;
  series: ChartSeriesGeometry[];
}
