import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, requirePermission } from "../access/access.server.ts";
import { londonToday } from "../financial-year.ts";
import { overviewRows, termTrend, type TermTrend } from "../provision/overview.server.ts";
import { academicYearOf } from "../provision/provision-codes.ts";
import { currentWindow } from "../provision/windows.server.ts";
import { type DisclosureRule, type Published, type PublishedTable, SUPPRESSED, protect } from "./disclosure.server.ts";
import { disclosureRule } from "./rule.server.ts";
import { keptViews, stampOf } from "./kept.server.ts";

type DB = Kysely<Database>;

/**
 * The SRP dashboard (issue 13): the current term's Specialist Resource Provision places, commissioned against filled,
 * by district and designation, with vacancies and the returns still missing, and the county's trend over terms.
 * Places commissioned and returns missing are not about children and are exact. Places filled are pupils, so the
 * district × designation table of them goes out through the small-number protection (ADR 67); a vacancy figure is
 * commissioned less filled, so it is withheld wherever the places filled beside it are (as money is, ADR 69).
 */

export interface SrpLine {
  name: string;
  srps: number;
  returnsIn: number;
  missing: number;
  commissioned: number;
  filled: Published;
  vacancies: Published;
}

export interface SrpInsight {
  term: string | null;
  rule: DisclosureRule;
  computedAt: Date;
  filled: PublishedTable;
  commissioned: { rows: string[]; columns: string[]; cells: number[][] };
  byDistrict: SrpLine[];
  byDesignation: SrpLine[];
  kent: SrpLine;
  trend: TermTrend[];
}

const kept = keptViews<SrpInsight>();

export async function srpInsight(db: DB, actor: Actor, chosenRule?: DisclosureRule, now = new Date()): Promise<SrpInsight> {
  requirePermission(actor, "insight:view");
  // The council's rule unless a caller (the pack, holding one rule for all its parts; a test) gives one.
  const rule = chosenRule ?? (await disclosureRule(db));
  const today = londonToday(now);
  const stamp = `${today}|${await stampOf(db, ["resource_provisions", "srp_returns", "resource_provision_places", "srp_return_windows", "schools"])}`;
  return kept(db, JSON.stringify(rule), stamp, async () => {
    const window = (await currentWindow(db, today)) ?? null;
    const [rows, trend, districts, designations] = await Promise.all([
      overviewRows(db, actor, window, window?.academicYear ?? academicYearOf(today)),
      termTrend(db, today),
      db.selectFrom("districts").select(["code", "name"]).orderBy("name").execute(),
      db.selectFrom("srp_designations").select(["code", "name"]).orderBy("sort_order").orderBy("name").execute(),
    ]);
    const sent = rows.filter((r) => r.returnState === "sent");
    const filled = await protect(
      {
        rows: districts.map((d) => d.name),
        columns: designations.map((d) => d.name),
        cells: districts.map((d) => designations.map((g) => sent.filter((r) => r.districtCode === d.code && r.designationCode === g.code).reduce((n, r) => n + (r.filled ?? 0), 0))),
        wholeCounty: true,
      },
      rule,
    );
    const line = (name: string, of: typeof rows, filledShown: Published): SrpLine => {
      const reported = of.filter((r) => r.returnState === "sent");
      return {
        name,
        srps: of.length,
        returnsIn: reported.length,
        missing: of.length - reported.length,
        commissioned: of.reduce((n, r) => n + (r.commissioned ?? 0), 0),
        filled: filledShown,
        vacancies: filledShown === SUPPRESSED ? SUPPRESSED : reported.reduce((n, r) => n + Math.max(0, (r.commissioned ?? 0) - (r.filled ?? 0)), 0),
      };
    };
    const rowTotal = (i: number) => (filled.rowTotals ? filled.rowTotals[i]! : filled.cells[i]![0]!);
    return {
      term: window?.label ?? null,
      rule,
      computedAt: new Date(),
      filled,
      commissioned: {
        rows: districts.map((d) => d.name),
        columns: designations.map((d) => d.name),
        cells: districts.map((d) => designations.map((g) => rows.filter((r) => r.districtCode === d.code && r.designationCode === g.code).reduce((n, r) => n + (r.commissioned ?? 0), 0))),
      },
      byDistrict: districts.map((d, i) => line(d.name, rows.filter((r) => r.districtCode === d.code), rowTotal(i))),
      byDesignation: designations.map((g, j) => line(g.name, rows.filter((r) => r.designationCode === g.code), filled.columnTotals[j]!)),
      kent: line("Kent", rows, filled.total),
      trend,
    };
  });
}
