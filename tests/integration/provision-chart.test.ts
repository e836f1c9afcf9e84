import { describe, expect, it } from "vitest";
import { chartGeometry } from "../../app/domain/charts/geometry.server.ts";

// ADR 51: a chart's geometry is worked out on the server from its figures; ui/chart.tsx only draws it. What the
// page shows depends on these numbers: whole-number ticks from 0, a gap (not a zero) for a term with no return,
// points in term order left to right, bars as tall as their figures.

const terms = ["Aut 25", "Spr 26", "Sum 26", "Aut 26"];

describe("chart geometry", () => {
  it("draws lines over the terms with whole-number ticks from 0, and a gap where a figure is missing", () => {
    const chart = chartGeometry({
      kind: "line",
      title: "Places",
      description: "Places over four terms",
      categories: terms,
      series: [
        { label: "Commissioned", values: [8, 8, 8, 9] },
        { label: "Filled", values: [7, null, 8, 11] },
      ],
      yLabel: "Places",
    });
    expect(chart.yTicks[0]).toMatchObject({ label: "0", at: chart.plot.bottom });
    expect(chart.yTicks.every((t) => /^\d+$/.test(t.label))).toBe(true);
    expect(Number(chart.yTicks.at(-1)!.label)).toBeGreaterThanOrEqual(11);
    expect(chart.xTicks.map((t) => t.label)).toEqual(terms);
    expect(chart.xTicks.map((t) => t.at)).toEqual([...chart.xTicks.map((t) => t.at)].sort((a, b) => a - b));
    const filled = chart.series[1]!;
    // Three dots, none for the spring term; the path breaks there (two "M" moves), never drops to zero.
    expect(filled.marks.map((m) => m.category)).toEqual(["Aut 25", "Sum 26", "Aut 26"]);
    expect(filled.path!.match(/M/g)).toHaveLength(2);
    expect(filled.marks.every((m) => m.y < chart.plot.bottom)).toBe(true);
    // Higher figures sit higher on the chart.
    const [aut25, , aut26] = filled.marks;
    expect(aut26!.y).toBeLessThan(aut25!.y);
    expect(chart.series[0]!.path!.match(/M/g)).toHaveLength(1);
  });

  it("draws bars side by side within each term, each as tall as its figure", () => {
    const chart = chartGeometry({
      kind: "bar",
      title: "Places by term",
      description: "Bars",
      categories: terms.slice(0, 2),
      series: [
        { label: "Commissioned", values: [10, 20] },
        { label: "Filled", values: [5, 0] },
      ],
      yLabel: "Places",
    });
    const [commissioned, filled] = chart.series;
    expect(commissioned!.path).toBeNull();
    const height = (value: number) => commissioned!.marks.find((m) => m.value === value)!.height;
    expect(height(20)).toBeCloseTo(2 * height(10), 0);
    expect(filled!.marks.find((m) => m.value === 0)!.height).toBe(0);
    // Filled's bar stands beside commissioned's in the same term, not on top of it.
    expect(filled!.marks[0]!.x).toBeGreaterThan(commissioned!.marks[0]!.x);
    expect(filled!.marks[0]!.x).toBeLessThan(commissioned!.marks[1]!.x);
  });

  it("labels only some terms when many do not fit, always the last", () => {
    const many = Array.from({ length: 40 }, (_, i) => `T${i}`);
    const chart = chartGeometry({ kind: "line", title: "t", description: "d", categories: many, series: [{ label: "s", values: many.map((_, i) => i) }], yLabel: "y" });
    expect(chart.xTicks.length).toBeLessThan(many.length);
    expect(chart.xTicks.at(-1)!.label).toBe("T39");
  });
});
