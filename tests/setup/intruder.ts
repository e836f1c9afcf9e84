import { createRequire } from "node:module";
import type { DisclosureRule, PublishedTable } from "../../app/domain/insight/disclosure.server.ts";

/**
 * An intruder attacking published tables (issue 13's auditor test): knowing only what is published (the cells,
 * their totals, the rule) and that counts are whole numbers of 0 or more, it works out by linear programming the
 * smallest and largest value each suppressed cell can take, and each difference between a table and a part of it
 * (a district with and without one school). Written apart from the module it attacks, with its own variables.
 */

interface Solution {
  Status: string;
  ObjectiveValue: number;
}
const require = createRequire(import.meta.url);
const solver = (require("highs") as (s?: object) => Promise<{ solve(p: string, o?: object): Solution }>)({});

/** What a published figure tells of the true count: itself, or under rounding 8 or more within 2 of it. */
function known(value: number | "c", rule: DisclosureRule): [number, number] {
  if (value === "c") return [0, Infinity];
  // Rounded figures are 0 or multiples of 5 from 10 up; a county's own total of 7 or fewer is shown exactly.
  if (rule.kind === "suppress" || value <= 7) return [value, value];
  return [Math.max(8, value - 2), value + 2];
}

export interface Finding {
  table: number;
  /** "r2c3", "row 2 total", "column 3 total", "grand total", or "difference r2c3" for a whole less its part. */
  cell: string;
  lo: number;
  hi: number;
}

/** Every suppressed cell of `tables` (and every cell of each difference a link makes), with its interval. */
export async function attack(
  tables: PublishedTable[],
  rule: DisclosureRule,
  links: { whole: number; part: number }[] = [],
  /** Tables counting the same children: table a's row (or column) totals equal table b's, and so do their grand totals. */
  ties: { a: number; b: number; aLines?: "rows" | "columns"; bLines?: "rows" | "columns" }[] = [],
): Promise<Finding[]> {
  const equations: string[] = [];
  const bounds: string[] = [];
  const targets: { table: number; cell: string; name: string }[] = [];
  const name = (t: number, what: string) => `t${t}_${what}`;
  tables.forEach((table, t) => {
    const figure = (what: string, value: number | "c", label: string) => {
      const [lo, hi] = known(value, rule);
      bounds.push(hi === Infinity ? ` ${name(t, what)} >= ${lo}` : ` ${lo} <= ${name(t, what)} <= ${hi}`);
      if (value === "c") targets.push({ table: t, cell: label, name: name(t, what) });
    };
    table.cells.forEach((row, i) => row.forEach((v, j) => figure(`r${i}c${j}`, v, `r${i}c${j}`)));
    table.columnTotals.forEach((v, j) => figure(`col${j}`, v, `column ${j} total`));
    figure("all", table.total, "grand total");
    table.columns.forEach((_, j) => equations.push(`${table.rows.map((_, i) => name(t, `r${i}c${j}`)).join(" + ")} - ${name(t, `col${j}`)} = 0`));
    equations.push(`${table.columns.map((_, j) => name(t, `col${j}`)).join(" + ")} - ${name(t, "all")} = 0`);
    if (table.rowTotals) {
      table.rowTotals.forEach((v, i) => figure(`row${i}`, v, `row ${i} total`));
      table.rows.forEach((_, i) => equations.push(`${table.columns.map((_, j) => name(t, `r${i}c${j}`)).join(" + ")} - ${name(t, `row${i}`)} = 0`));
    }
  });
  links.forEach(({ whole, part }, l) => {
    const cells = tables[whole]!.cells.flatMap((row, i) => row.map((_, j) => `r${i}c${j}`));
    for (const what of [...cells, ...tables[whole]!.columns.map((_, j) => `col${j}`), "all"]) {
      const d = `d${l}_${what}`;
      bounds.push(` ${d} >= 0`);
      equations.push(`${name(whole, what)} - ${name(part, what)} - ${d} = 0`);
      targets.push({ table: whole, cell: `difference ${what}`, name: d });
    }
  });
  const rowTotal = (t: number, i: number) => (tables[t]!.rowTotals ? name(t, `row${i}`) : name(t, `r${i}c0`));
  const totals = (t: number, lines: "rows" | "columns") => [...(lines === "rows" ? tables[t]!.rows.map((_, i) => rowTotal(t, i)) : tables[t]!.columns.map((_, j) => name(t, `col${j}`))), name(t, "all")];
  for (const { a, b, aLines, bLines } of ties) {
    const [ta, tb] = [totals(a, aLines ?? "rows"), totals(b, bLines ?? "rows")];
    ta.forEach((v, i) => equations.push(`${v} - ${tb[i]} = 0`));
  }
  const body = `Subject To\n${equations.map((e, i) => ` e${i}: ${e}`).join("\n")}\nBounds\n${bounds.join("\n")}\nEnd\n`;
  const highs = await solver;
  const optimum = (sense: "Minimize" | "Maximize", variable: string) => {
    const s = highs.solve(`${sense}\n obj: ${variable}\n${body}`, { output_flag: false, log_to_console: false, presolve: "off" });
    if (s.Status === "Unbounded") return sense === "Maximize" ? Infinity : -Infinity;
    if (s.Status !== "Optimal") throw new Error(`intruder: ${s.Status}`);
    return s.ObjectiveValue;
  };
  return targets.map((t) => ({ table: t.table, cell: t.cell, lo: optimum("Minimize", t.name), hi: optimum("Maximize", t.name) }));
}
