import type { Kysely } from "kysely";
import type { Database } from "../../../db/types.ts";
import type { Reading } from "../../db-reading.server.ts";
import type { Actor } from "../access/access.server.ts";
import type { DisclosureRule } from "./disclosure.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { financialYearLabel, londonToday } from "../financial-year.ts";
import { championsInsight } from "./champions.server.ts";
import { championsSheets } from "./champions-page.server.ts";
import { fundingInsight } from "./funding.server.ts";
import { fundingSheets } from "./funding-page.server.ts";
import { type Sheet, sheetsXlsx, readFromLines } from "./insight-export.server.ts";
import { PROVISIONS, registerInsight, ruleInWords } from "./register.server.ts";
import { disclosureRule } from "./rule.server.ts";
import { registerRows } from "./register-page.server.ts";
import { srpInsight } from "./srp.server.ts";
import { srpSheets } from "./srp-page.server.ts";
import { stlsInsight } from "./stls.server.ts";
import { stlsSheets } from "./stls-page.server.ts";
import { trainingInsight } from "./training.server.ts";
import { trainingSheets } from "./training-page.server.ts";

type DB = Kysely<Database>;

/**
 * The Safety Valve monitoring report pack (issue 13): for a financial year, every table the council's monitoring
 * report to the DfE draws on, in one workbook. It holds funding requests and decisions, awards against budget and the
 * months against the year before; STLS referrals and waits; training; SRP places this term and term by term;
 * pupils on SEN registers by need and provision; and champions' visits. Every table is the dashboard's own, protected
 * the same way, and the first sheet says what the period is, when the pack was made, how fresh each part is, and the
 * rule. Audited as an export.
 */

export interface PackPart {
  name: string;
  /** When the part's figures were taken from the rows (kept views), or the pack's own time for parts read fresh. */
  takenAt: Date;
  sheets: Sheet[];
}

const prefixed = (prefix: string, sheets: Sheet[]) => sheets.map((s) => ({ ...s, name: `${prefix} ${s.name}`.slice(0, 31) }));

export async function packParts(db: DB, actor: Actor, year: number, now = new Date()): Promise<{ parts: PackPart[]; rule: DisclosureRule }> {
  // One rule for every part, read once: a change made while the pack is being made does not split it in two.
  const rule = await disclosureRule(db);
  const funding = await fundingInsight(db, actor, year, rule, now);
  const every = funding.counted.districts.map((_, i) => i);
  const stls = await stlsInsight(db, actor, year, rule, now);
  const training = await trainingInsight(db, actor, year, rule);
  const srp = await srpInsight(db, actor, rule, now);
  const registers = await Promise.all(PROVISIONS.map((p) => registerInsight(db, actor, { provision: p.value }, rule)));
  const champions = await championsInsight(db, actor, year, now);
  const parts = [
    { name: "Funding requests, decisions and awards", takenAt: funding.computedAt, sheets: prefixed("Funding", fundingSheets(funding, every)) },
    { name: "STLS referrals through LIFT", takenAt: stls.computedAt, sheets: prefixed("STLS", stlsSheets(stls, stls.counted.districts.map((_, i) => i))) },
    { name: "Training", takenAt: now, sheets: prefixed("Training", trainingSheets(training)) },
    { name: "SRP places", takenAt: srp.computedAt, sheets: prefixed("SRP", srpSheets(srp)) },
    {
      name: "Pupils on SEN registers (today's registers)",
      takenAt: registers[0]!.computedAt,
      sheets: registers.map((r, i) => ({ name: `Register ${PROVISIONS[i]!.sheet}`.slice(0, 31), ...registerRows(r) })),
    },
    { name: "Inclusion Champions' visits", takenAt: now, sheets: prefixed("Champions", championsSheets(champions)) },
  ];
  return { parts, rule };
}

/** The pack as one workbook: a cover sheet, then every part's tables, each sheet named by its part. */
export async function packXlsx(reading: Reading, actor: Actor, year: number, requestId: string, now = new Date()) {
  const { db } = reading;
  const { parts, rule } = await packParts(db, actor, year, now);
  const cover = [
    `Kent SEND inclusion portal: monitoring report pack for the financial year ${financialYearLabel(year)} (1 April ${year} to 31 March ${year + 1}).`,
    `Extracted ${now.toISOString()}.`,
    ...readFromLines(reading),
    ...parts.map((p) => `${p.name}: figures as they were at ${p.takenAt.toISOString()}; sheets ${p.sheets.map((s) => `"${s.name}"`).join(", ")}.`),
    "SRP places are this term's, with the terms before it; the registers are today's; every other part is the financial year's.",
    ruleInWords(rule),
    "Sums of money, vacancies, times and averages are withheld wherever the children or the people behind them are too few.",
  ];
  const bytes = await sheetsXlsx(
    parts.flatMap((p) => p.sheets),
    cover,
    { name: "About this pack", first: true },
  );
  await recordAudit(reading.primary, { actor, action: "insight.export", subjectType: "insight_table", subjectId: "monitoring_pack", requestId, detail: { format: "xlsx", year } });
  return { filename: `monitoring-pack-${financialYearLabel(year)}-${londonToday(now)}.xlsx`, bytes, parts: parts.length };
}
