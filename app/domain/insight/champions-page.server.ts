import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Reading } from "../../db-reading.server.ts";
import type { Actor } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { chartGeometry } from "../charts/geometry.server.ts";
import { londonToday } from "../financial-year.ts";
import { type ChampionLine, type ChampionsInsight, championsInsight, championsOfSchools } from "./champions.server.ts";
import { insightYears, type Sheet, sheetsCsv, sheetsXlsx, readFromLines } from "./insight-export.server.ts";

type DB = Kysely<Database>;

const HEADER = ["visits", "schools_visited", "actions_agreed", "open", "overdue", "done"];
const cells = (l: ChampionLine) => [l.visits, l.schools, l.actions, l.open, l.overdue, l.done];

export function championsSheets(insight: ChampionsInsight): Sheet[] {
  return [
    { name: "By focus area", header: ["focus_area", ...HEADER], rows: [...insight.byFocus, insight.kent].map((l) => [l.name, ...cells(l)]) },
    { name: "By district", header: ["district", ...HEADER], rows: [...insight.byDistrict, insight.kent].map((l) => [l.name, ...cells(l)]) },
  ];
}

const about = (insight: ChampionsInsight, now: Date) => [
  `Inclusion Champions' published visits in ${insight.yearLabel}, and the actions agreed at them as they stand on ${londonToday(now)}.`,
  `Extracted ${now.toISOString()}. These figures are about schools, not pupils, and are exact. A visit can look at several focus areas.`,
];

/** Each focus area's open and overdue actions, as bars. */
function actionsChart(title: string, description: string, byFocus: ChampionLine[]) {
  return chartGeometry({
    kind: "bar",
    title,
    description,
    categories: byFocus.map((l) => l.name),
    series: [
      { label: "Open", values: byFocus.map((l) => l.open) },
      { label: "Overdue", values: byFocus.map((l) => l.overdue) },
    ],
    yLabel: "Actions",
  });
}

export async function championsPage(db: DB, actor: Actor, year: number, now = new Date()) {
  const insight = await championsInsight(db, actor, year, now);
  const chart = actionsChart(
    `Actions agreed at Inclusion Champions' visits by focus area, ${insight.yearLabel}: open and overdue`,
    `A bar chart of ${insight.byFocus.length} focus areas, each with its open and overdue actions. The table below gives every figure.`,
    insight.byFocus,
  );
  return { ...insight, years: insightYears(now), chart };
}

/** A champion's page of their schools' figures, with a chart of their open and overdue actions by focus area. */
export async function championsOfSchoolsPage(db: DB, actor: Actor, year: number, now = new Date()) {
  const view = await championsOfSchools(db, actor, year, now);
  const chart = actionsChart(
    `Actions agreed at visits to your schools by focus area, ${view.yearLabel}: open and overdue`,
    `A bar chart of ${view.byFocus.length} focus areas, each with its open and overdue actions at your schools. The table below gives every figure.`,
    view.byFocus,
  );
  return { ...view, years: insightYears(now), chart };
}

export async function championsCsv(reading: Reading, actor: Actor, year: number, requestId: string, now = new Date()) {
  const { db } = reading;
  const insight = await championsInsight(db, actor, year, now);
  await recordAudit(reading.primary, { actor, action: "insight.export", subjectType: "insight_table", subjectId: "champions", requestId, detail: { format: "csv", year } });
  return { filename: `champions-${insight.yearLabel}-${londonToday(now)}.csv`, csv: sheetsCsv(championsSheets(insight), [...about(insight, now), ...readFromLines(reading)]) };
}

export async function championsXlsx(reading: Reading, actor: Actor, year: number, requestId: string, now = new Date()) {
  const { db } = reading;
  const insight = await championsInsight(db, actor, year, now);
  const bytes = await sheetsXlsx(championsSheets(insight), [...about(insight, now), ...readFromLines(reading)]);
  await recordAudit(reading.primary, { actor, action: "insight.export", subjectType: "insight_table", subjectId: "champions", requestId, detail: { format: "xlsx", year } });
  return { filename: `champions-${insight.yearLabel}-${londonToday(now)}.xlsx`, bytes };
}
