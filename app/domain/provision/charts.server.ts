import type { Actor } from "../access/access.server.ts";
import type { ChartGeometry } from "../charts/chart-geometry.ts";
import { chartGeometry } from "../charts/geometry.server.ts";
import type { DB } from "./return-store.server.ts";
import { getProvisionOverview, type ProvisionOverview } from "./overview.server.ts";
import { getSrp, type SrpDetail } from "./register.server.ts";

/** The provision pages' charts (ADR 51): their geometry worked out here, on the server, beside the figures. */

/** An SRP's page: its terms so far, and the chart of places commissioned and filled over them. */
export async function getSrpPage(db: DB, actor: Actor, srpId: number, now = new Date()): Promise<SrpDetail & { chart: ChartGeometry | null }> {
  const srp = await getSrp(db, actor, srpId, now);
  const terms = srp.history.slice(-12);
  const chart =
    terms.length === 0
      ? null
      : chartGeometry({
          kind: "line",
          title: `Places commissioned and filled, ${srp.heading}, ${srp.school.name}`,
          description: `A line chart over the last ${terms.length} terms. ${describe(terms.map((t) => [t.term, t.commissioned, t.figures.placesFilled]))} The table below gives every figure.`,
          categories: terms.map((t) => t.shortTerm),
          series: [
            { label: "Places commissioned", values: terms.map((t) => t.commissioned) },
            { label: "Places filled", values: terms.map((t) => t.figures.placesFilled) },
          ],
          yLabel: "Places",
        });
  return { ...srp, chart };
}

/** How many SRPs a page of the overview's list shows: the page stays well under 60 KB of HTML (QUALITY.md). */
export const OVERVIEW_PAGE_SIZE = 25;

/** The SRP as the overview's list shows it: only what the page prints (loader data ships to the browser). */
const listed = (s: ProvisionOverview["srps"][number]) => ({
  id: s.id,
  school: s.school,
  district: s.district,
  designation: s.designation,
  commissioned: s.commissioned,
  filled: s.filled,
  waiting: s.waiting,
  returnState: s.returnState,
  overCommissioned: s.overCommissioned,
});

/** The council's overview, with the county's trend over terms as a chart and one page of its list of SRPs. */
export async function getOverviewPage(db: DB, actor: Actor, input: { page: number }, now = new Date()) {
  const overview = await getProvisionOverview(db, actor, now);
  const pageCount = Math.max(1, Math.ceil(overview.srps.length / OVERVIEW_PAGE_SIZE));
  const page = Math.min(Math.max(1, input.page), pageCount);
  const terms = overview.trend;
  const chart =
    terms.length === 0
      ? null
      : chartGeometry({
          kind: "bar",
          title: "Places commissioned and filled in the SRPs that sent a return, by term",
          description: `A bar chart over the last ${terms.length} terms. ${describe(terms.map((t) => [t.term, t.commissioned, t.filled]))} The table below gives every figure.`,
          categories: terms.map((t) => t.shortTerm),
          series: [
            { label: "Places commissioned", values: terms.map((t) => t.commissioned) },
            { label: "Places filled", values: terms.map((t) => t.filled) },
          ],
          yLabel: "Places",
        });
  const { srps, flagged, ...rest } = overview;
  return {
    ...rest,
    chart,
    srps: srps.slice((page - 1) * OVERVIEW_PAGE_SIZE, page * OVERVIEW_PAGE_SIZE).map(listed),
    srpCount: srps.length,
    page,
    pageCount,
    flagged: flagged.map((s) => ({ id: s.id, school: s.school, designation: s.designation, commissioned: s.commissioned, filled: s.filled, comment: s.comment })),
  };
}

/** "Autumn 2026: 12 commissioned, 11 filled." for the first and last terms, so the description says the change. */
function describe(terms: [string, number | null, number | null][]): string {
  const say = ([term, commissioned, filled]: [string, number | null, number | null]) =>
    `${term}: ${commissioned ?? "no"} places commissioned, ${filled === null ? "no return" : `${filled} filled`}.`;
  if (terms.length === 0) return "";
  return terms.length === 1 ? say(terms[0]!) : `${say(terms[0]!)} ${say(terms[terms.length - 1]!)}`;
}
