import { createRequire } from "node:module";

/**
 * The linear programming behind small-number protection (disclosure.server.ts, ADR 67): a table as a grid of cells
 * with its totals, the lines that tie them (each row's cells add up to its total, each column's to its total), and
 * HiGHS (the `highs` package, the University of Edinburgh's solver compiled to WebAssembly) to solve over them.
 */

/** A table's cells and totals, one key each: `key(row, column)`, the totals in the last row and column. */
export interface Grid {
  values: number[];
  /** Each line: its cells add up to its total. */
  lines: { cells: number[]; total: number }[];
  key: (row: number, column: number) => number;
  grand: number;
  hasRowTotals: boolean;
}

/** What an intruder knows of one cell: it lies between `lo` and `hi`. */
export interface CellBounds {
  lo: number;
  hi: number;
}

export function gridOf(cells: number[][]): Grid {
  const m = cells.length;
  const n = cells[0]?.length ?? 0;
  // A table of one column has no row totals: its column is the row.
  const hasRowTotals = n > 1;
  const width = hasRowTotals ? n + 1 : 1;
  const key = (i: number, j: number) => i * width + j;
  const values = new Array<number>((m + 1) * width).fill(0);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const v = cells[i]![j]!;
      values[key(i, j)] = v;
      values[key(m, j)]! += v;
      if (hasRowTotals) {
        values[key(i, n)]! += v;
        values[key(m, n)]! += v;
      }
    }
  }
  const lines: Grid["lines"] = [];
  if (hasRowTotals) {
    for (let i = 0; i <= m; i++) lines.push({ cells: Array.from({ length: n }, (_, j) => key(i, j)), total: key(i, n) });
  }
  for (let j = 0; j < width; j++) lines.push({ cells: Array.from({ length: m }, (_, i) => key(i, j)), total: key(m, j) });
  return { values, lines, key, grand: hasRowTotals ? key(m, n) : key(m, 0), hasRowTotals };
}

/** Σ plus − Σ minus = 0 over cells' keys: a line (its cells, less its total), or a link between nested tables. */
export interface Equation {
  plus: number[];
  minus: number[];
}

/** Each line of a grid as an equation, its keys moved up by `offset` (the grid's place among several). */
export function equationsOf(grid: Grid, offset = 0): Equation[] {
  return grid.lines.map((line) => ({ plus: line.cells.map((c) => c + offset), minus: [line.total + offset] }));
}

/**
 * An intruder's view of the cells: what is known of each and the equations between them. `interval(k)` is the
 * smallest and largest value cell `k` can take. Cells known exactly are put into the equations as numbers, so each
 * programme holds only the unknown cells (a few dozen, not the tables' hundreds): HiGHS reads a programme as text,
 * and reading it was most of a solve.
 */
export function auditor(equations: Equation[], bounds: CellBounds[], enough = Infinity, truth?: number[]) {
  const fixed = (c: number) => bounds[c]!.lo === bounds[c]!.hi;
  const rows: string[] = [];
  const free = new Set<number>();
  for (const e of equations) {
    const terms = [...e.plus.map((c) => [c, 1] as const), ...e.minus.map((c) => [c, -1] as const)];
    const unknown = terms.filter(([c]) => !fixed(c));
    if (unknown.length === 0) continue;
    const constant = terms.filter(([c]) => fixed(c)).reduce((sum, [c, sign]) => sum + sign * bounds[c]!.lo, 0);
    for (const [c] of unknown) free.add(c);
    rows.push(` t${rows.length}: ${unknown.map(([c, sign]) => `${sign > 0 ? "+" : "-"} x${c}`).join(" ")} = ${-constant}`);
  }
  const limits = [...free].map((c) => {
    const { lo, hi } = bounds[c]!;
    return hi === Infinity ? ` x${c} >= ${lo}` : ` ${lo} <= x${c} <= ${hi}`;
  });
  const body = `Subject To\n${rows.join("\n")}\nBounds\n${limits.join("\n")}\nEnd\n`;
  // Every solution found is a set of values the intruder cannot rule out: a cell seen at values `enough` apart is
  // known to be at least that loose without a programme of its own (most of a sparse table's cells, after a few).
  const seen = new Map<number, CellBounds>();
  const record = (columns: Record<string, number>) => {
    for (const [name, value] of Object.entries(columns)) {
      const c = Number(name.slice(1));
      const was = seen.get(c);
      seen.set(c, was ? { lo: Math.min(was.lo, value), hi: Math.max(was.hi, value) } : { lo: value, hi: value });
    }
  };
  // The true values are one such set (the protecting module knows them; an intruder does not).
  if (truth) record(Object.fromEntries([...free].map((c) => [`x${c}`, truth[c]!])));
  const loose = (k: number) => {
    const s = seen.get(k);
    return s && s.hi - s.lo >= enough ? s : null;
  };
  return async (k: number): Promise<CellBounds> => {
    if (fixed(k) || !free.has(k)) return bounds[k]!;
    const known = loose(k);
    if (known) return known;
    const lo = await optimum(`Minimize\n obj: x${k}\n${body}`, record);
    if (loose(k)) return loose(k)!;
    const hi = await optimum(`Maximize\n obj: x${k}\n${body}`, record);
    return { lo, hi };
  };
}

interface HighsSolution {
  Status: string;
  ObjectiveValue: number;
  Columns: Record<string, { Primal: number }>;
}
interface Highs {
  solve(problem: string, options?: object): HighsSolution;
}

// highs is CommonJS (an Emscripten module factory); loaded once, on first use, and again after any fault.
const require = createRequire(import.meta.url);
let loading: Promise<Highs> | null = null;
function highs(): Promise<Highs> {
  loading ??= (require("highs") as (settings?: object) => Promise<Highs>)({});
  return loading;
}

const QUIET = { output_flag: false, log_to_console: false };
// The audit's programmes are a table's few dozen cells: presolving them costs more than it saves (1.3 ms a solve
// against 0.5 ms without, measured on this machine); the suppression's integer programme keeps it.
const AUDIT = { ...QUIET, presolve: "off" };

async function solve(problem: string, options: object = QUIET): Promise<HighsSolution> {
  const solver = await highs();
  try {
    return solver.solve(problem, options);
  } catch (error) {
    // A WebAssembly fault can leave the module unusable: the next solve starts a fresh one.
    loading = null;
    throw error;
  }
}

/** The objective's optimum: Infinity (or -Infinity) when the cell is unbounded that way. */
async function optimum(problem: string, record?: (columns: Record<string, number>) => void): Promise<number> {
  const solution = await solve(problem, AUDIT);
  if (solution.Status === "Optimal") {
    record?.(Object.fromEntries(Object.entries(solution.Columns).map(([name, column]) => [name, column.Primal])));
    return solution.ObjectiveValue;
  }
  if (solution.Status === "Unbounded") return problem.startsWith("Maximize") ? Infinity : -Infinity;
  throw new Error(`Disclosure audit: the solver answered ${solution.Status}.`);
}

/** A mixed-integer programme's solution (each column's value), or null when it has none. */
export async function solveLp(problem: string): Promise<Record<string, number> | null> {
  const solution = await solve(problem);
  if (solution.Status === "Infeasible") return null;
  if (solution.Status !== "Optimal") throw new Error(`Suppression: the solver answered ${solution.Status}.`);
  return Object.fromEntries(Object.entries(solution.Columns).map(([name, column]) => [name, column.Primal]));
}
