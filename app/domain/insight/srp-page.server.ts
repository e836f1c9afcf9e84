import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Reading } from "../../db-reading.server.ts";
import type { Actor } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { chartGeometry } from "../charts/geometry.server.ts";
import { londonToday } from "../financial-year.ts";
import { type Sheet, sheetsCsv, sheetsXlsx, tableSheet, readFromLines } from "./insight-export.server.ts";
import { ruleInWords } from "./register.server.ts";
import { type SrpInsight, type SrpLine, srpInsight } from "./srp.server.ts";

type DB = Kysely<Database>;

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** Places commissioned as a table with its totals (not about children: every figure exact). */
function commissionedTable(insight: SrpInsight) {
  const { rows, columns, cells } = insight.commissioned;
  return { rows, columns, cells, rowTotals: cells.map(sum), columnTotals: columns.map((_, j) => sum(cells.map((r) => r[j]!))), total: sum(cells.flat()) };
}

export async function srpPage(db: DB, actor: Actor) {
  const insight = await srpInsight(db, actor);
  const chart = chartGeometry({
    kind: "line",
    title: "SRP places commissioned and filled in Kent, term by term",
    description: `A line chart of the places commissioned and filled at the SRPs that sent a return, over ${insight.trend.length} terms. The table below gives every figure.`,
    categories: insight.trend.map((t) => t.shortTerm),
    series: [
      { label: "Commissioned", values: insight.trend.map((t) => t.commissioned) },
      { label: "Filled", values: insight.trend.map((t) => t.filled) },
    ],
    yLabel: "Places",
  });
  return { ...insight, computedAt: insight.computedAt.toISOString(), commissionedTable: commissionedTable(insight), chart, ruleText: ruleInWords(insight.rule) };
}

const LINE_HEADER = ["srps", "returns_in", "returns_missing", "places_commissioned", "places_filled", "vacancies"];
const lineCells = (l: SrpLine) => [l.srps, l.returnsIn, l.missing, l.commissioned, l.filled, l.vacancies];

export function srpSheets(insight: SrpInsight): Sheet[] {
  const c = commissionedTable(insight);
  return [
    tableSheet(insight.filled, "Places filled", "district"),
    { name: "Places commissioned", header: ["district", ...c.columns, "total"], rows: [...c.rows.map((r, i) => [r, ...c.cells[i]!, c.rowTotals[i]!]), ["Kent", ...c.columnTotals, c.total]] },
    { name: "By district", header: ["district", ...LINE_HEADER], rows: [...insight.byDistrict, insight.kent].map((l) => [l.name, ...lineCells(l)]) },
    { name: "By designation", header: ["designation", ...LINE_HEADER], rows: [...insight.byDesignation, insight.kent].map((l) => [l.name, ...lineCells(l)]) },
    { name: "Terms", header: ["term", "returns_in", "places_commissioned", "places_filled"], rows: insight.trend.map((t) => [t.term, t.returnsIn, t.commissioned, t.filled]) },
  ];
}

const about = (insight: SrpInsight, now: Date) => [
  `Specialist Resource Provision places, ${insight.term ?? "no return window open yet"}: commissioned against filled, from the returns sent.`,
  `Extracted ${now.toISOString()}, from the returns as they were at ${insight.computedAt.toISOString()}.`,
  ruleInWords(insight.rule),
  "A vacancy figure is withheld wherever the places filled beside it are.",
];

export async function srpCsv(reading: Reading, actor: Actor, requestId: string, now = new Date()) {
  const { db } = reading;
  const insight = await srpInsight(db, actor);
  await recordAudit(reading.primary, { actor, action: "insight.export", subjectType: "insight_table", subjectId: "srp", requestId, detail: { format: "csv" } });
  return { filename: `srp-places-${londonToday(now)}.csv`, csv: sheetsCsv(srpSheets(insight), [...about(insight, now), ...readFromLines(reading)]) };
}

export async function srpXlsx(reading: Reading, actor: Actor, requestId: string, now = new Date()) {
  const { db } = reading;
  const insight = await srpInsight(db, actor);
  const bytes = await sheetsXlsx(srpSheets(insight), [...about(insight, now), ...readFromLines(reading)]);
  await recordAudit(reading.primary, { actor, action: "insight.export", subjectType: "insight_table", subjectId: "srp", requestId, detail: { format: "xlsx" } });
  return { filename: `srp-places-${londonToday(now)}.xlsx`, bytes };
}
