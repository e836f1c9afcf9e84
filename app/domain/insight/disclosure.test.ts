import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { attack } from "../../../tests/setup/intruder.ts";
import { type CountTable, type DisclosureRule, DEFAULT_RULE, type PublishedTable, SUPPRESSED, protect, protectTogether } from "./disclosure.server.ts";

// Issue 13's small-number protection, attacked as an intruder would (tests/setup/intruder.ts): from the published
// cells and totals alone, the smallest and largest value each suppressed cell can take.

const ROUND: DisclosureRule = { kind: "round", protection: 5 };
const RUNS = Number(process.env.DISCLOSURE_RUNS ?? 1000);

function table(cells: number[][], wholeCounty = false): CountTable {
  return { rows: cells.map((_, i) => `row ${i}`), columns: cells[0]!.map((_, j) => `column ${j}`), cells, wholeCounty };
}
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const grandOf = (t: CountTable) => sum(t.cells.flat());

/**
 * Each suppressed cell the intruder pins down to closer than the protection interval, or than the county's own
 * figures alone would pin it (those are always shown: the intruder attacks a copy with everything else hidden to
 * find how wide each cell's interval can be at all).
 */
async function pinned(published: PublishedTable[], tables: CountTable[], rule: DisclosureRule, links: { whole: number; part: number }[] = [], ties: { a: number; b: number }[] = []) {
  const findings = await attack(published, rule, links, ties);
  // The second attack only when a cell is narrower than the interval (rare: most tables have none).
  const narrow = findings.some((f) => f.hi - f.lo < rule.protection - 1e-9);
  const widest = narrow ? new Map((await attack(published.map((p, i) => countyFiguresOnly(p, tables[i]!)), rule, links, ties)).map((f) => [`${f.table} ${f.cell}`, f.hi - f.lo])) : new Map<string, number>();
  return findings.filter((f) => {
    const required = Math.min(rule.protection, widest.get(`${f.table} ${f.cell}`) ?? Infinity);
    if (f.cell.startsWith("difference ")) {
      // A difference (the school left out) matters only where it counts 1 to 4 children (1 to 7 rounded).
      const { part } = links.find((l) => l.whole === f.table)!;
      const what = f.cell.slice("difference ".length);
      const d = trueValue(tables[f.table]!, what) - trueValue(tables[part]!, what);
      const small = d > 0 && d < (rule.kind === "suppress" ? rule.threshold : 8);
      return small && f.hi - f.lo < required - 1e-9;
    }
    return f.hi - f.lo < required - 1e-9;
  });
}

/** The table as published with every figure hidden but the county's own (its total, and any figure equal to it). */
function countyFiguresOnly(p: PublishedTable, t: CountTable): PublishedTable {
  const grand = grandOf(t);
  const keep = (published: number | "c", value: number) => (t.wholeCounty && value === grand ? published : SUPPRESSED);
  return {
    ...p,
    cells: p.cells.map((row, i) => row.map((c, j) => keep(c, t.cells[i]![j]!))),
    rowTotals: p.rowTotals && p.rowTotals.map((c, i) => keep(c, sum(t.cells[i]!))),
    columnTotals: p.columnTotals.map((c, j) => keep(c, sum(t.cells.map((r) => r[j]!)))),
    total: keep(p.total, grand),
  };
}

function trueValue(t: CountTable, what: string) {
  if (what === "all") return grandOf(t);
  const col = /^col(\d+)$/.exec(what);
  if (col) return sum(t.cells.map((r) => r[Number(col[1])]!));
  const [, i, j] = /^r(\d+)c(\d+)$/.exec(what)!;
  return t.cells[Number(i)]![Number(j)]!;
}

describe("small-number protection", () => {
  it("shows a count of 1 to 4 children as c, and hides enough else that none can be worked out from the totals", async () => {
    // Primary need by district: Dover has 3 pupils with a hearing impairment.
    const t = table([
      [40, 3, 22],
      [35, 12, 18],
      [51, 9, 30],
    ]);
    const published = await protect(t);
    expect(published.cells[0]![1]).toBe(SUPPRESSED);
    // Its row and column each hide a second cell: otherwise 3 is the total less the rest.
    expect(published.cells[0]!.filter((c) => c === SUPPRESSED).length).toBeGreaterThanOrEqual(2);
    expect(published.cells.map((r) => r[1]).filter((c) => c === SUPPRESSED).length).toBeGreaterThanOrEqual(2);
    expect(await pinned([published], [t], DEFAULT_RULE)).toEqual([]);
    // Every figure still shown is the true one.
    published.cells.forEach((row, i) => row.forEach((c, j) => c !== SUPPRESSED && expect(c).toBe(t.cells[i]![j])));
  });

  it("always shows the county's own total, and suppresses a smaller group's small total like any cell", async () => {
    const county = await protect(table([[2], [1], [40]], true));
    expect(county.total).toBe(43);
    expect(county.cells.flat().filter((c) => c === SUPPRESSED).length).toBeGreaterThanOrEqual(2);
    const school = await protect(table([[2, 1]]));
    expect(school.total).toBe(SUPPRESSED);
    expect(school.cells.flat()).toEqual([SUPPRESSED, SUPPRESSED]);
  });

  it("under the NHS rule shows 1 to 7 as c and rounds the rest to the nearest 5, the totals rounded on their own", async () => {
    const t = table([
      [6, 13, 42],
      [0, 27, 8],
    ]);
    const published = await protect(t, ROUND);
    expect(published.cells[0]![0]).toBe(SUPPRESSED);
    expect(published.cells[1]![0]).toBe(0);
    // Rounding blurs every line, so nothing else needs hiding here.
    expect(published.cells[0]![1]).toBe(15);
    expect(published.cells[1]![2]).toBe(10);
    expect(published.cells[1]![1]).toBe(25);
    expect(published.total === SUPPRESSED || (published.total as number) % 5 === 0).toBe(true);
    expect(await pinned([published], [t], ROUND)).toEqual([]);
  });

  it("refuses a table that is not counts of children", async () => {
    await expect(protect(table([[1.5, 2]]))).rejects.toThrow(/whole number/);
    await expect(protect(table([[-1, 2]]))).rejects.toThrow(/whole number/);
    await expect(protect({ rows: ["a"], columns: ["x", "y"], cells: [[1]], wholeCounty: false })).rejects.toThrow(/every row and column/);
  });

  it("protects a district's school left out by a filter: the difference of the two tables is attacked too", async () => {
    // Swale's register by need, and Swale's primary schools only: the one secondary school has 2 and 1 pupils.
    const district = table([
      [30, 14, 9],
      [22, 11, 16],
    ]);
    const primaries = table([
      [28, 14, 9],
      [21, 11, 16],
    ]);
    const links = [{ whole: 0, part: 1 }];
    // Protected one at a time, every cell of both is 5 or more and is shown: subtracting gives the school away.
    const alone = [await protect(district), await protect(primaries)];
    expect(alone.flatMap((p) => p.cells.flat()).includes(SUPPRESSED)).toBe(false);
    expect((await pinned(alone, [district, primaries], DEFAULT_RULE, links)).map((f) => f.cell)).toEqual(expect.arrayContaining(["difference r0c0", "difference r1c0"]));
    // Protected together, neither difference can be worked out.
    const together = await protectTogether([district, primaries], links);
    expect(await pinned(together, [district, primaries], DEFAULT_RULE, links)).toEqual([]);
  });

  it("hides a total two tables share in both: the same districts' requests by status and by need", async () => {
    // Three districts' requests by three statuses, and the same requests by two needs (found by a random search).
    const byStatus = table([
      [0, 5, 5],
      [3, 5, 0],
      [6, 53, 5],
    ]);
    const byNeed = table([
      [8, 2],
      [1, 7],
      [33, 31],
    ]);
    const ties = [{ a: 0, b: 1 }];
    // Protected one at a time, the status table hides the first two districts' totals (10 and 8), which the need
    // table shows.
    const alone = [await protect(byStatus), await protect(byNeed)];
    const rowHiddenIn = (p: PublishedTable) => p.rowTotals!.map((c) => c === SUPPRESSED);
    expect(rowHiddenIn(alone[0]!)).toEqual([true, true, false]);
    expect(alone[1]!.rowTotals).toEqual([10, 8, 64]);
    expect((await pinned(alone, [byStatus, byNeed], DEFAULT_RULE, [], ties)).map((f) => [f.cell, f.lo, f.hi])).toEqual([
      ["row 0 total", 10, 10],
      ["row 1 total", 8, 8],
    ]);
    const together = await protectTogether([byStatus, byNeed], [], DEFAULT_RULE, ties);
    expect(rowHiddenIn(together[0]!)).toEqual(rowHiddenIn(together[1]!));
    expect(together[0]!.total).toBe(together[1]!.total);
    expect(await pinned(together, [byStatus, byNeed], DEFAULT_RULE, [], ties)).toEqual([]);
    await expect(protectTogether([byStatus, table([[1, 1], [1, 1], [1, 1]])], [], DEFAULT_RULE, ties)).rejects.toThrow(/same children/);
  });

  const counts = fc.oneof({ weight: 3, arbitrary: fc.integer({ min: 0, max: 6 }) }, { weight: 2, arbitrary: fc.integer({ min: 5, max: 60 }) });
  const tables = fc
    .tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), fc.boolean())
    .chain(([m, n, whole]) => fc.tuple(fc.array(fc.array(counts, { minLength: n, maxLength: n }), { minLength: m, maxLength: m }), fc.constant(whole)));

  it(`leaves no school's small counts to be worked out by taking a district less it (${Math.ceil(RUNS / 10)} random pairs)`, async () => {
    const part = fc.integer({ min: 2, max: 4 }).chain((m) => fc.tuple(fc.array(fc.array(counts, { minLength: 3, maxLength: 3 }), { minLength: m, maxLength: m }), fc.array(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 3 }), { minLength: m, maxLength: m })));
    await fc.assert(
      fc.asyncProperty(part, async ([rest, school]) => {
        const district = table(rest.map((row, i) => row.map((v, j) => v + school[i]![j]!)));
        const without = table(rest);
        const links = [{ whole: 0, part: 1 }];
        const published = await protectTogether([district, without], links);
        expect(await pinned(published, [district, without], DEFAULT_RULE, links)).toEqual([]);
      }),
      { numRuns: Math.ceil(RUNS / 10) },
    );
  }, 600_000);

  it(`leaves nothing pinned when tables share their rows' or columns' totals (${Math.ceil(RUNS / 10)} random pairs)`, async () => {
    // The same children by two classifications: each row's children split two ways at random.
    const pair = fc.integer({ min: 2, max: 4 }).chain((m) => fc.array(fc.tuple(fc.array(counts, { minLength: 3, maxLength: 3 }), fc.integer({ min: 0, max: 1000 })), { minLength: m, maxLength: m }));
    await fc.assert(
      fc.asyncProperty(pair, async (rows) => {
        const first = rows.map(([cells]) => cells);
        const second = rows.map(([cells, seed]) => {
          const n = sum(cells);
          const a = n === 0 ? 0 : seed % (n + 1);
          return [a, n - a];
        });
        // And by two other rows (schemes, say): each column's children split between them.
        const columns = first[0]!.map((_, j) => sum(first.map((r) => r[j]!)));
        const third = [columns.map((n, j) => (n === 0 ? 0 : (rows[j % rows.length]![1] + j) % (n + 1)))];
        third.push(columns.map((n, j) => n - third[0]![j]!));
        const tables = [table(first), table(second), table(third)];
        const ties = [
          { a: 0, b: 1 },
          { a: 0, b: 2, aLines: "columns" as const, bLines: "columns" as const },
        ];
        const published = await protectTogether(tables, [], DEFAULT_RULE, ties);
        expect(await pinned(published, tables, DEFAULT_RULE, [], ties)).toEqual([]);
        expect(published[0]!.rowTotals).toEqual(published[1]!.rowTotals);
        expect(published[0]!.columnTotals).toEqual(published[2]!.columnTotals);
      }),
      { numRuns: Math.ceil(RUNS / 10) },
    );
  }, 600_000);

  for (const rule of [DEFAULT_RULE, ROUND]) {
    it(`leaves no suppressed cell of a random table pinned down (${rule.kind} rule, ${RUNS} tables)`, async () => {
      await fc.assert(
        fc.asyncProperty(tables, async ([cells, whole]) => {
          const t = table(cells, whole);
          const published = await protect(t, rule);
          expect(await pinned([published], [t], rule)).toEqual([]);
          // Every small count is hidden, and every shown figure is the true one (or its rounding).
          published.cells.forEach((row, i) =>
            row.forEach((c, j) => {
              const v = cells[i]![j]!;
              // A cell holding every child of the county is the county's own total, which is always shown.
              const small = v > 0 && v < (rule.kind === "suppress" ? rule.threshold : 8) && !(whole && v === grandOf(t));
              if (small) expect(c).toBe(SUPPRESSED);
              else if (c !== SUPPRESSED) expect(c).toBe(rule.kind === "suppress" || v <= 7 ? v : Math.round(v / 5) * 5);
            }),
          );
          if (whole) expect(published.total).not.toBe(SUPPRESSED);
        }),
        { numRuns: RUNS },
      );
    }, 600_000);
  }
});
