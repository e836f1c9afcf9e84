import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Reading } from "../../db-reading.server.ts";
import type { Actor } from "../access/access.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { chartGeometry } from "../charts/geometry.server.ts";
import { londonToday } from "../financial-year.ts";
import { insightYears, type Sheet, sheetsCsv, sheetsXlsx, readFromLines } from "./insight-export.server.ts";
import { smallestShown } from "./disclosure.server.ts";
import { type TrainingInsight, type TrainingLine, trainingInsight } from "./training.server.ts";

type DB = Kysely<Database>;


const COLUMNS = ["events", "places_offered", "booked", "attended", "waiting", "evaluations", "average_usefulness_1_to_5"];
const cells = (l: TrainingLine) => [l.events, l.places, l.booked, l.attended, l.waiting, l.evaluations, l.usefulness];

export function trainingSheets(insight: TrainingInsight): Sheet[] {
  return [
    { name: "By programme", header: ["programme", ...COLUMNS], rows: [...insight.byProgramme.map((l) => [l.name, ...cells(l)]), ["Kent", ...cells(insight.kent)]] },
    { name: "By district", header: ["district_held_in", ...COLUMNS], rows: [...insight.byDistrict.map((l) => [l.name, ...cells(l)]), ["Kent", ...cells(insight.kent)]] },
  ];
}

const about = (insight: TrainingInsight, now: Date) => [
  `Published training events starting in ${insight.yearLabel}, by programme and by the district they are held in.`,
  `Extracted ${now.toISOString()}.`,
  `These figures are about school staff. An average usefulness over fewer than ${smallestShown(insight.rule)} evaluations is shown as c, so that no one's answer can be read from it.`,
];

export async function trainingPage(db: DB, actor: Actor, year: number, now = new Date()) {
  const insight = await trainingInsight(db, actor, year);
  const chart = chartGeometry({
    kind: "bar",
    title: `Training places offered, booked and attended, by programme, ${insight.yearLabel}`,
    description: `A bar chart of ${insight.byProgramme.length} programmes, each with its places offered, booked and attended. The table below gives every figure.`,
    categories: insight.byProgramme.map((l) => l.name),
    series: [
      { label: "Places offered", values: insight.byProgramme.map((l) => l.places) },
      { label: "Booked", values: insight.byProgramme.map((l) => l.booked) },
      { label: "Attended", values: insight.byProgramme.map((l) => l.attended) },
    ],
    yLabel: "Places",
  });
  return { ...insight, years: insightYears(now), chart, fewest: smallestShown(insight.rule) };
}

export async function trainingCsv(reading: Reading, actor: Actor, year: number, requestId: string, now = new Date()) {
  const { db } = reading;
  const insight = await trainingInsight(db, actor, year);
  await recordAudit(reading.primary, { actor, action: "insight.export", subjectType: "insight_table", subjectId: "training", requestId, detail: { format: "csv", year } });
  return { filename: `training-${insight.yearLabel}-${londonToday(now)}.csv`, csv: sheetsCsv(trainingSheets(insight), [...about(insight, now), ...readFromLines(reading)]) };
}

export async function trainingXlsx(reading: Reading, actor: Actor, year: number, requestId: string, now = new Date()) {
  const { db } = reading;
  const insight = await trainingInsight(db, actor, year);
  const bytes = await sheetsXlsx(trainingSheets(insight), [...about(insight, now), ...readFromLines(reading)]);
  await recordAudit(reading.primary, { actor, action: "insight.export", subjectType: "insight_table", subjectId: "training", requestId, detail: { format: "xlsx", year } });
  return { filename: `training-${insight.yearLabel}-${londonToday(now)}.xlsx`, bytes };
}
