import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Reading } from "../../db-reading.server.ts";
import type { Actor } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { chartGeometry } from "../charts/geometry.server.ts";
import { londonToday } from "../financial-year.ts";
import { insightYears, placeChoice, yearChoiceOf, rowsOf, sheetsCsv, sheetsXlsx, tableSheet, readFromLines } from "./insight-export.server.ts";
import { ruleInWords } from "./register.server.ts";
import { type StlsInsight, stlsInsight } from "./stls.server.ts";

type DB = Kysely<Database>;

/** What the officer chose in the address: `?year=2026&place=district:thanet` (anything else is read as the default). */
export function stlsChoiceOf(url: URL, now = new Date()) {
  return { year: yearChoiceOf(url, now), place: (url.searchParams.get("place") ?? "").slice(0, 100) };
}

async function resolve(db: DB, actor: Actor, chosen: { year: number; place: string }) {
  const insight = await stlsInsight(db, actor, chosen.year);
  const { place, keep, places, label } = placeChoice(insight.counted.districts, chosen.place);
  return { insight, place, keep, places, described: `${insight.yearLabel}, ${label}` };
}

/** The dashboard page: the chosen districts' rows of the district tables, the discipline table whole, a chart. */
export async function stlsPage(db: DB, actor: Actor, chosen: { year: number; place: string }, now = new Date()) {
  const { insight, place, keep, places, described } = await resolve(db, actor, chosen);
  const t = insight.disciplineOutcome;
  const chart = chartGeometry({
    kind: "bar",
    title: `Referrals to LIFT by discipline, Kent, ${insight.yearLabel}`,
    description: `A bar chart of the referrals sent to LIFT in each of ${t.rows.length} disciplines. Withheld figures are gaps. The table below gives every figure.`,
    categories: t.rows,
    series: [{ label: "Referrals", values: t.rows.map((_, i) => (typeof t.rowTotals?.[i] === "number" ? (t.rowTotals[i] as number) : null)) }],
    yLabel: "Referrals",
  });
  return {
    year: insight.year,
    yearLabel: insight.yearLabel,
    years: insightYears(now),
    place,
    places,
    described,
    byDiscipline: rowsOf(insight.byDiscipline, keep),
    byOutcome: rowsOf(insight.byOutcome, keep),
    disciplineOutcome: insight.disciplineOutcome,
    waiting: insight.waiting,
    chart,
    ruleText: ruleInWords(insight.rule),
    computedAt: insight.computedAt.toISOString(),
  };
}

export function stlsSheets(insight: StlsInsight, keep: number[]) {
  return [
    tableSheet(insight.byDiscipline, "Referrals by discipline", "district", keep),
    tableSheet(insight.byOutcome, "Referrals by outcome", "district", keep),
    tableSheet(insight.disciplineOutcome, "Disciplines by outcome", "discipline"),
    { name: "Waiting for a first visit", header: ["discipline", "median_days", "p90_days"], rows: insight.waiting.map((w) => [w.discipline, w.median, w.p90]) },
  ];
}

function aboutLines(insight: StlsInsight, described: string, now: Date) {
  return [
    `Referrals sent to LIFT, and what LIFT decided: ${described}.`,
    `Extracted ${now.toISOString()}, from the referrals as they were at ${insight.computedAt.toISOString()}.`,
    ruleInWords(insight.rule),
    "A waiting time is withheld wherever the pupils behind it are too few.",
  ];
}

/** The view's tables as one CSV; audited. */
export async function stlsCsv(reading: Reading, actor: Actor, chosen: { year: number; place: string }, requestId: string, now = new Date()) {
  const { db } = reading;
  const { insight, place, keep, described } = await resolve(db, actor, chosen);
  const csv = sheetsCsv(stlsSheets(insight, keep), [...aboutLines(insight, described, now), ...readFromLines(reading)]);
  await recordAudit(reading.primary, { actor, action: "insight.export", subjectType: "insight_table", subjectId: "stls", requestId, detail: { format: "csv", year: insight.year, place } });
  return { filename: `stls-${insight.yearLabel}-${londonToday(now)}.csv`, csv };
}

/** The view's tables as an Excel workbook, one sheet a table; audited. */
export async function stlsXlsx(reading: Reading, actor: Actor, chosen: { year: number; place: string }, requestId: string, now = new Date()) {
  const { db } = reading;
  const { insight, place, keep, described } = await resolve(db, actor, chosen);
  const bytes = await sheetsXlsx(stlsSheets(insight, keep), [...aboutLines(insight, described, now), ...readFromLines(reading)]);
  await recordAudit(reading.primary, { actor, action: "insight.export", subjectType: "insight_table", subjectId: "stls", requestId, detail: { format: "xlsx", year: insight.year, place } });
  return { filename: `stls-${insight.yearLabel}-${londonToday(now)}.xlsx`, bytes };
}
