import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { chartGeometry } from "../charts/geometry.server.ts";
import { type CountTable, type Published, type PublishedTable, protectTogether } from "./disclosure.server.ts";
import { insightYears } from "./insight-export.server.ts";
import { keptViews } from "./kept.server.ts";
import { ruleInWords } from "./register.server.ts";
import { type Counted, REFERRAL_STATES, type StlsInsight, type Waiting, stlsInsight, waitingOf } from "./stls.server.ts";

type DB = Kysely<Database>;

/**
 * An STLS specialist teacher's view of the STLS and LIFT figures (issue 13's scoped views, ADR 77): their district's
 * referrals beside the rest of Kent's.
 *
 * A specialist teacher sees every referral of their district (liftReferralInReach), so they know its true counts,
 * even those the council's tables withhold. Set beside Kent's totals, those would give away the rest of Kent: Kent's
 * 6 referrals of a kind less the district's 4 leave 2 children in the other districts. So this view does not show
 * Kent's totals. Its comparison is the rest of Kent as a group of its own, its tables protected together
 * (disclosure.server.ts, not the whole county, so even their totals may be withheld). The district's own row is the
 * council's published row, as officers see it.
 */

export interface DistrictLine {
  name: string;
  cells: Published[];
  total: Published;
}

export interface StlsDistrictView {
  district: string;
  year: number;
  yearLabel: string;
  computedAt: Date;
  /** The district's row and the rest of Kent's, by discipline and by LIFT's latest outcome. */
  byDiscipline: { columns: string[]; lines: DistrictLine[] };
  byOutcome: { columns: string[]; lines: DistrictLine[] };
  /** The rest of Kent by discipline and outcome, with its totals. */
  restByDisciplineOutcome: PublishedTable;
  /** Days to a first visit: the district's and the rest of Kent's. */
  waiting: { discipline: string; district: Waiting; rest: Waiting }[];
  rule: StlsInsight["rule"];
}

export const REST_OF_KENT = "The rest of Kent";

interface Kept {
  /** The rest of Kent by discipline, by outcome, and by discipline and outcome. */
  tables: PublishedTable[];
  ownWaiting: Waiting[];
  restWaiting: Waiting[];
}
const kept = keptViews<Kept>();

/**
 * The rest of Kent's three tables, protected together and tied as the council's are (stls.server.ts), and the waits
 * to a first visit, the district's and the rest's.
 */
async function protectRest(insight: StlsInsight, code: string): Promise<Kept> {
  const data: Counted = insight.counted;
  const rest = data.referrals.filter((r) => r.district !== code);
  const own = data.referrals.filter((r) => r.district === code);
  const count = (has: (r: Counted["referrals"][number]) => boolean) => rest.filter(has).length;
  const states = REFERRAL_STATES;
  const table = (rows: string[], columns: string[], cell: (i: number, j: number) => number): CountTable => ({
    rows,
    columns,
    cells: rows.map((_, i) => columns.map((_, j) => cell(i, j))),
    wholeCounty: false,
  });
  const tables = await protectTogether(
    [
      table([REST_OF_KENT], data.disciplines, (_, j) => count((r) => r.discipline === data.disciplines[j])),
      table([REST_OF_KENT], states.map((s) => s.label), (_, j) => count((r) => r.state === states[j]!.key)),
      table(data.disciplines, states.map((s) => s.label), (i, j) => count((r) => r.discipline === data.disciplines[i] && r.state === states[j]!.key)),
    ],
    [],
    insight.rule,
    [
      { a: 0, b: 1 },
      { a: 0, b: 2, aLines: "columns", bLines: "rows" },
      { a: 1, b: 2, aLines: "columns", bLines: "columns" },
    ],
  );
  return { tables, ownWaiting: waitingOf(own, data.disciplines, insight.rule), restWaiting: waitingOf(rest, data.disciplines, insight.rule) };
}

/** A one-row table's line: its cells, and its total (the cell itself when it has one column). */
function lineOf(t: PublishedTable, i: number, name = t.rows[i]!): DistrictLine {
  return { name, cells: t.cells[i]!, total: t.rowTotals?.[i] ?? t.cells[i]![0]! };
}

export async function stlsDistrictView(db: DB, actor: Actor, year: number, now = new Date()): Promise<StlsDistrictView> {
  requirePermission(actor, "insight:district");
  const district = actor.districtId === null ? undefined : await db.selectFrom("districts").select(["code", "name"]).where("id", "=", actor.districtId).executeTakeFirst();
  if (!district) notFound();
  const insight = await stlsInsight(db, actor, year, undefined, now);
  const at = insight.counted.districts.findIndex((d) => d.code === district.code);
  // Kept with the council's views: made again whenever they are.
  const { tables, ownWaiting, restWaiting } = await kept(db, `${year}|${JSON.stringify(insight.rule)}|${district.code}`, insight.computedAt.toISOString(), () =>
    protectRest(insight, district.code),
  );
  const [restDiscipline, restOutcome, restDisciplineOutcome] = tables;
  return {
    district: district.name,
    year: insight.year,
    yearLabel: insight.yearLabel,
    computedAt: insight.computedAt,
    byDiscipline: { columns: insight.byDiscipline.columns, lines: [lineOf(insight.byDiscipline, at), lineOf(restDiscipline!, 0)] },
    byOutcome: { columns: insight.byOutcome.columns, lines: [lineOf(insight.byOutcome, at), lineOf(restOutcome!, 0)] },
    restByDisciplineOutcome: restDisciplineOutcome!,
    waiting: ownWaiting.map((w, i) => ({ discipline: w.discipline, district: w, rest: restWaiting[i]! })),
    rule: insight.rule,
  };
}

/** The page: the view, a chart of the district's referrals by discipline beside the rest of Kent's, the years. */
export async function stlsDistrictPage(db: DB, actor: Actor, year: number, now = new Date()) {
  const view = await stlsDistrictView(db, actor, year, now);
  const [own, rest] = view.byDiscipline.lines;
  const share = (line: DistrictLine) => {
    const total = line.total;
    return line.cells.map((c) => (typeof c === "number" && typeof total === "number" && total > 0 ? Math.round((c / total) * 1000) / 10 : null));
  };
  const chart = chartGeometry({
    kind: "bar",
    title: `Referrals to LIFT by discipline, as a share of all referrals: ${view.district} and the rest of Kent, ${view.yearLabel}`,
    description: `A bar chart of the share of referrals in each of ${view.byDiscipline.columns.length} disciplines, ${view.district}'s beside the rest of Kent's. Withheld figures are gaps. The table below gives every figure.`,
    categories: view.byDiscipline.columns,
    series: [
      { label: view.district, values: share(own!) },
      { label: REST_OF_KENT, values: share(rest!) },
    ],
    yLabel: "Per cent",
  });
  return { ...view, computedAt: view.computedAt.toISOString(), years: insightYears(now), chart, ruleText: ruleInWords(view.rule), restLabel: REST_OF_KENT };
}
