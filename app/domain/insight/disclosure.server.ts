import { type CellBounds, type Equation, type Grid, auditor, equationsOf, gridOf, solveLp } from "./disclosure-lp.server.ts";

/**
 * Small-number protection (issue 13, ADR 67): the one way a figure about pupils leaves the portal, on a dashboard
 * or in an export. A table of counts of children goes in; what may be published comes out, each cell a number or
 * "c" (suppressed), with its row, column and grand totals treated the same way.
 *
 * - Primary suppression: a count of 1 to `threshold - 1` children (the "suppress" rule, 5 by default), or of 1 to 7
 *   (the "round" rule, as NHS England publishes, where every other count is rounded to the nearest 5). A total is a
 *   group of children too, and is treated the same; the grand total of a table covering the whole county is
 *   always shown.
 * - Secondary suppression: enough other cells are hidden that no suppressed cell can be worked out from what is
 *   published, the totals included, to closer than the protection interval. The cells are chosen by a mixed-integer
 *   programme (HiGHS): the fewest children hidden, with every suppressed cell sharing each of its lines (its row,
 *   its column) with another; then every suppressed cell is attacked as an intruder would (the smallest and largest
 *   value it can take, by linear programming), and where one is pinned too closely, a constraint that one more cell
 *   of its lines be hidden is added and the programme solved again, until none is.
 */

export type DisclosureRule =
  /** Counts of 1 to threshold - 1 suppressed; the rest exact. */
  | { kind: "suppress"; threshold: number; protection: number }
  /** Counts of 1 to 7 suppressed; the rest rounded to the nearest 5 (NHS England's rule). */
  | { kind: "round"; protection: number };

/** Two tables sharing totals: table a's row (or column) totals are table b's row (or column) totals, in order. */
export interface Tie {
  a: number;
  b: number;
  aLines?: "rows" | "columns";
  bLines?: "rows" | "columns";
}

/** The portal's rule unless the council chooses otherwise: under 5 children is never shown, within 5 either way. */
export const DEFAULT_RULE: DisclosureRule = { kind: "suppress", threshold: 5, protection: 5 };

export const SUPPRESSED = "c";
export type Published = number | typeof SUPPRESSED;

export interface CountTable {
  rows: string[];
  columns: string[];
  /** Counts of children, `cells[row][column]`, whole numbers of 0 or more. */
  cells: number[][];
  /** Whether the table's grand total is the whole county (never suppressed), or a smaller group's. */
  wholeCounty: boolean;
}

export interface PublishedTable {
  rows: string[];
  columns: string[];
  cells: Published[][];
  /** Each row's total (absent when the table has one column: the column is the row). */
  rowTotals: Published[] | null;
  columnTotals: Published[];
  total: Published;
  rule: DisclosureRule;
}

/** The published value of a count under the rule, before any secondary suppression. */
function shown(value: number, rule: DisclosureRule): Published {
  if (value === 0) return 0;
  if (rule.kind === "suppress") return value < rule.threshold ? SUPPRESSED : value;
  return value <= 7 ? SUPPRESSED : Math.round(value / 5) * 5;
}

/**
 * The smallest group a figure that is not a count (a median, a share) may be computed over: the rule's smallest
 * count shown (5, or 8 under rounding).
 */
export function smallestShown(rule: DisclosureRule) {
  return rule.kind === "suppress" ? rule.threshold : 8;
}

/** What an intruder knows of a cell from its published value: exactly it, or (rounded) within 2 of it. */
export function boundsOfPublished(value: Published, rule: DisclosureRule): CellBounds {
  if (value === SUPPRESSED) return { lo: 0, hi: Infinity };
  // Under rounding, a figure of 7 or less is a county's own total of so few, shown exactly (any other is suppressed).
  if (rule.kind === "suppress" || value <= 7) return { lo: value, hi: value };
  // A rounded figure of 10 or more stands for a count of 8 or more (1 to 7 are suppressed) within 2 of it.
  return { lo: Math.max(8, value - 2), hi: value + 2 };
}

function check(table: CountTable) {
  if (table.cells.length !== table.rows.length || table.cells.some((r) => r.length !== table.columns.length) || table.columns.length === 0) {
    throw new Error("A count table needs one count for every row and column.");
  }
  for (const row of table.cells) for (const v of row) if (!Number.isInteger(v) || v < 0) throw new Error(`A count of children must be a whole number of 0 or more, not ${v}.`);
}

/** At most this many rounds of attack and repair; a table needing more is published with every cell suppressed. */
const MAX_ROUNDS = 60;

/** One table on its own. */
export async function protect(table: CountTable, rule: DisclosureRule = DEFAULT_RULE): Promise<PublishedTable> {
  const [published] = await protectTogether([table], [], rule);
  return published!;
}

/**
 * Tables published side by side, where some are parts of others (`links`: the `part` table counts a subgroup of
 * the `whole` table's children, such as a district without one of its schools, with the same rows and columns).
 * The difference of a whole and its part is a group of children too (the school left out): an intruder subtracts
 * one published table from the other, so the small counts of every difference are protected as well.
 */
export async function protectTogether(
  tables: CountTable[],
  links: { whole: number; part: number }[],
  rule: DisclosureRule = DEFAULT_RULE,
  /**
   * Tables that count the same children, classified by other columns or rows (requests by district and status, and
   * by district and need; or by scheme and status): each shared total is one figure published twice, so it is hidden
   * in both or in neither, and an intruder knows the two are equal.
   */
  ties: Tie[] = [],
): Promise<PublishedTable[]> {
  tables.forEach(check);
  const grids = tables.map((t) => gridOf(t.cells));
  const offsets: number[] = [];
  let size = 0;
  for (const grid of grids) {
    offsets.push(size);
    size += grid.values.length;
  }
  const published = size;
  const values = grids.flatMap((g) => g.values);
  const firstShown = values.map((v) => shown(v, rule));
  const primary = new Set<number>();
  const never = new Set<number>();
  grids.forEach((grid, t) => {
    const grand = offsets[t]! + grid.grand;
    for (let k = offsets[t]!; k < offsets[t]! + grid.values.length; k++) if (firstShown[k] === SUPPRESSED && k !== grand) primary.add(k);
    // The county's own total is always shown, exactly, and so is a cell or total that counts every child of it
    // (the same figure); a smaller group's total is suppressed when small, as any cell.
    if (tables[t]!.wholeCounty) {
      for (let k = offsets[t]!; k < offsets[t]! + grid.values.length; k++) {
        if (values[k] === values[grand]) {
          never.add(k);
          primary.delete(k);
          firstShown[k] = rule.kind === "round" && values[k]! > 7 ? Math.round(values[k]! / 5) * 5 : values[k]!;
        }
      }
    } else if (firstShown[grand] === SUPPRESSED) primary.add(grand);
  });
  const equations: Equation[] = grids.flatMap((grid, t) => equationsOf(grid, offsets[t]));
  // Each link's differences: a cell of their own (never published), whole = part + difference.
  const differences: { key: number; whole: number; part: number }[] = [];
  for (const { whole, part } of links) {
    const [a, b] = [grids[whole], grids[part]];
    if (!a || !b || a.values.length !== b.values.length || tables[whole]!.columns.length !== tables[part]!.columns.length) {
      throw new Error("A linked part must be a table of the same rows and columns as its whole.");
    }
    a.values.forEach((v, q) => {
      const d = v - b.values[q]!;
      if (d < 0) throw new Error("A linked part cannot count more children than its whole.");
      const key = published + differences.length;
      values.push(d);
      differences.push({ key, whole: offsets[whole]! + q, part: offsets[part]! + q });
      equations.push({ plus: [offsets[whole]! + q], minus: [offsets[part]! + q, key] });
    });
  }
  // Each tie's shared totals, and the grand totals: the same figure in two places.
  const same: [number, number][] = [];
  const totalsOf = (t: number, lines: "rows" | "columns") => {
    const grid = grids[t]!;
    const { rows, columns } = tables[t]!;
    const keys = lines === "rows" ? rows.map((_, i) => grid.key(i, grid.hasRowTotals ? columns.length : 0)) : columns.map((_, j) => grid.key(rows.length, j));
    return [...keys, grid.grand].map((k) => k + offsets[t]!);
  };
  for (const tie of ties) {
    const [ka, kb] = [totalsOf(tie.a, tie.aLines ?? "rows"), totalsOf(tie.b, tie.bLines ?? "rows")];
    if (ka.length !== kb.length || tables[tie.a]!.wholeCounty !== tables[tie.b]!.wholeCounty) throw new Error("Tied tables must share as many totals, and cover the county alike.");
    ka.forEach((k, i) => {
      if (values[k] !== values[kb[i]!]) throw new Error("Tied tables must count the same children in each shared total.");
      same.push([k, kb[i]!]);
      equations.push({ plus: [k], minus: [kb[i]!] });
    });
  }
  const sensitive = differences.filter((d) => shown(values[d.key]!, rule) === SUPPRESSED);
  const required = rule.protection;
  // Exact figures: no suppressed cell alone in a line, or the line's total less the rest gives it away. Rounded
  // figures blur each line already, so only what the attack finds is hidden besides the small counts.
  const lines = rule.kind === "round" ? [] : grids.flatMap((grid, t) => grid.lines.map((line) => [...line.cells, line.total].map((k) => k + offsets[t]!)));
  // The published cells that share an equation with a cell: its row and column, and the same cell of a linked
  // whole or part (hiding a part's cell while its whole and the other part show it gives nothing).
  const neighbours = new Map<number, Set<number>>();
  for (const e of equations) {
    const members = [...e.plus, ...e.minus].filter((k) => k < published);
    for (const k of members) {
      const set = neighbours.get(k) ?? new Set<number>();
      for (const o of members) if (o !== k) set.add(o);
      neighbours.set(k, set);
    }
  }
  const around = (k: number) => [...(neighbours.get(k) ?? [])];

  // How wide a cell's interval can be at all: with everything hidden but the county's own figures, which are always
  // shown. A cell those figures pin (a zero beside a column holding all the county's children) is protected as far
  // as it can be when its interval is that wide.
  const widths = new Map<number, number>();
  const widest = async (k: number) => {
    if (!widths.has(k)) {
      const open = values.map((_, key) => (key < published && never.has(key) ? boundsOfPublished(firstShown[key]!, rule) : { lo: 0, hi: Infinity }));
      const { lo, hi } = await auditor(equations, open)(k);
      widths.set(k, hi - lo);
    }
    return widths.get(k)!;
  };

  // Before any attack: a small difference is plain from its whole and part both shown, so one of them is hidden.
  const cuts: number[][] = sensitive.map((d) => [d.whole, d.part]);
  // Each round keeps every cell the last one hid (the pattern only grows): what an intruder knows only shrinks, so
  // a cell found protected stays protected, and only the others and the newly hidden are attacked again.
  const fixed = new Set(primary);
  const safe = new Set<number>();
  const pattern = () => choosePattern(values.slice(0, published), lines, fixed, primary, never, cuts, required, same);
  if (primary.size === 0 && cuts.length === 0) return tables.map((t, i) => publish(t, grids[i]!, offsets[i]!, firstShown, new Set(), rule));
  let hidden = await pattern();
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const bounds = values.map((_, k) => (k >= published ? { lo: 0, hi: Infinity } : boundsOfPublished(hidden.has(k) ? SUPPRESSED : firstShown[k]!, rule)));
    const targets = [...hidden, ...sensitive.map((d) => d.key)].filter((k) => !safe.has(k));
    const exposed: number[] = [];
    const interval = auditor(equations, bounds, required, values);
    for (const k of targets) {
      const { lo, hi } = await interval(k);
      if (hi - lo < required - 1e-9 && hi - lo < (await widest(k)) - 1e-9) exposed.push(k);
      else safe.add(k);
    }
    for (const k of hidden) fixed.add(k);
    if (exposed.length === 0) return tables.map((t, i) => publish(t, grids[i]!, offsets[i]!, firstShown, hidden, rule));
    for (const k of exposed) {
      const difference = differences.find((d) => d.key === k);
      const near = difference ? [difference.whole, difference.part, ...around(difference.whole), ...around(difference.part)] : around(k);
      const open = (keys: number[]) => [...new Set(keys)].filter((key) => !hidden.has(key) && !never.has(key));
      // Only a cell of at least the interval can give a pinned one room to move (a zero hidden beside it cannot).
      const roomy = (keys: number[]) => open(keys).filter((key) => values[key]! >= required);
      const cut = [roomy(near), open(near), roomy(values.slice(0, published).map((_, key) => key)), open(values.slice(0, published).map((_, key) => key))].find((c) => c.length > 0) ?? [];
      if (cut.length === 0) return tables.map((t, i) => publish(t, grids[i]!, offsets[i]!, firstShown, hidden, rule));
      cuts.push(cut);
    }
    hidden = await pattern();
  }
  // Not settled within the rounds (never seen on the portal's tables): nothing but the county totals is shown.
  const everything = new Set(values.slice(0, published).map((_, k) => k).filter((k) => !never.has(k)));
  return tables.map((t, i) => publish(t, grids[i]!, offsets[i]!, firstShown, everything, rule));
}

/** The cells to hide: the primary ones and the fewest children besides, no suppressed cell alone in a line. */
async function choosePattern(
  values: number[],
  lines: number[][],
  fixed: Set<number>,
  primary: Set<number>,
  never: Set<number>,
  cuts: number[][],
  room: number,
  same: [number, number][],
): Promise<Set<number>> {
  const s = (k: number) => `s${k}`;
  // The fewest children hidden, but a cell smaller than the interval costs as if it were larger: hidden beside a
  // small count it leaves it almost as plain (a zero cannot go lower), so the attack would send the pattern back.
  const objective = values.map((v, k) => `${v + 1 + (v < room && !primary.has(k) ? 3 * room : 0)} ${s(k)}`).join(" + ");
  const constraints: string[] = [];
  let n = 0;
  for (const members of lines) {
    for (const k of members) constraints.push(` l${n++}: ${members.filter((o) => o !== k).map(s).join(" + ")} - ${s(k)} >= 0`);
  }
  for (const cut of cuts) constraints.push(` u${n++}: ${cut.map(s).join(" + ")} >= 1`);
  for (const [a, b] of same) constraints.push(` t${n++}: ${s(a)} - ${s(b)} = 0`);
  const bounds = values.map((_, k) => (fixed.has(k) ? ` ${s(k)} = 1` : never.has(k) ? ` ${s(k)} = 0` : ` 0 <= ${s(k)} <= 1`));
  const lp = `Minimize\n obj: ${objective}\nSubject To\n${constraints.join("\n")}\nBounds\n${bounds.join("\n")}\nBinary\n ${values.map((_, k) => s(k)).join(" ")}\nEnd\n`;
  const solution = await solveLp(lp);
  if (!solution) throw new Error("Suppression: no pattern satisfies the tables' constraints.");
  return new Set(values.map((_, k) => k).filter((k) => (solution[s(k)] ?? 0) > 0.5));
}

function publish(table: CountTable, grid: Grid, offset: number, firstShown: Published[], hidden: Set<number>, rule: DisclosureRule): PublishedTable {
  const at = (k: number): Published => (hidden.has(k + offset) ? SUPPRESSED : firstShown[k + offset]!);
  const m = table.rows.length;
  const n = table.columns.length;
  return {
    rows: table.rows,
    columns: table.columns,
    cells: table.cells.map((row, i) => row.map((_, j) => at(grid.key(i, j)))),
    rowTotals: grid.hasRowTotals ? table.rows.map((_, i) => at(grid.key(i, n))) : null,
    columnTotals: table.columns.map((_, j) => at(grid.key(m, j))),
    total: at(grid.grand),
    rule,
  };
}
