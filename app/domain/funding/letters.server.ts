import { formatDate } from "../../components/format.ts";
import type { Actor } from "../access/access.server.ts";
import { notFound, requirePermission } from "../access/access.server.ts";
import { reachesFromOutsideSchools } from "../access/scopes.server.ts";
import { auditedRead } from "../audit/audited-read.server.ts";
import { monthsInPeriod } from "../financial-year.ts";
import { formatPence } from "../money.ts";
import type { DecisionOutcome } from "./funding.schema.ts";
import { OUTCOME_LABELS } from "./queries.server.ts";
import { type DB, visibleTo } from "./store.server.ts";
import { monthlyPayments } from "./tracker-figures.server.ts";

/**
 * A decision letter (issue 8): one for each decision on a request, to read, print or download as a PDF. It names
 * the pupil only to the school's own staff; the council's copy names the school and the reference. Every view and
 * every download is audited with the read.
 */

export interface DecisionLetter {
  decisionId: number;
  reference: string;
  school: { name: string; urn: string };
  scheme: string;
  /** Only for the school's own staff. */
  pupil: string | null;
  outcome: DecisionOutcome;
  outcomeLabel: string;
  requestedPence: number | null;
  awardedPence: number;
  start: string | null;
  end: string | null;
  /** The award paid monthly (tracker-figures' split): months, each month's payment and the last one's. */
  payments: { months: number; monthlyPence: number; lastMonthPence: number } | null;
  /** The period and the payments in words, as the page and the PDF say them. */
  periodText: string;
  paymentsText: string;
  /** The decision's reasons, in sentences. */
  reasons: string[];
  correction: boolean;
  decidedAt: Date;
  decidedBy: string;
  /** Whether a later decision has replaced this one. */
  superseded: boolean;
  howToAskForReview: string[];
}

/** How a school asks for a decision to be reviewed: the letter's last section. */
export function howToAskForReview(reference: string): string[] {
  return [
    `If the school disagrees with this decision, the headteacher or SENCO can ask the council to review it within 28 days of the date of this letter. Quote the reference ${reference}.`,
    "Say which part of the decision you disagree with (the outcome, the amount or the period) and why, and include any evidence the council has not yet seen. If the school's circumstances or the pupil's needs have changed, the school can make a new request instead.",
    "An officer who did not make this decision will review it and write to the school with the outcome. The decision stays as it is while the review takes place.",
  ];
}

/** The decision's reasons in words: the outcome, the reason chosen, the officer's explanation, the period's reason. */
function reasonsInWords(d: { outcome: DecisionOutcome; reason: string | null; reasonText: string | null; periodReason: string | null; awardedPence: number; requestedPence: number | null }) {
  const lines: string[] = [];
  if (d.outcome === "approved") lines.push("The request meets the scheme's criteria and is approved in full.");
  if (d.outcome === "partly_approved") {
    lines.push(`The council has awarded ${formatPence(d.awardedPence)} of the ${d.requestedPence === null ? "amount" : formatPence(d.requestedPence)} requested.`);
  }
  if (d.outcome === "declined") lines.push("The council has not awarded funding for this request.");
  if (d.reason) lines.push(`Reason: ${d.reason}.`);
  if (d.reasonText) lines.push(d.reasonText);
  if (d.periodReason) lines.push(`The award period differs from the period requested because: ${d.periodReason}`);
  return lines;
}

/** A decision's id from the address (`?decision=`), or the latest when none is given; anything else is a 404. */
function decisionIdOf(value: string | null): number | null {
  if (value === null || value === "") return null;
  if (!/^[1-9]\d{0,8}$/.test(value)) notFound();
  return Number(value);
}

/**
 * The letter for one decision on a request the actor reaches (the latest unless `decision` names one). `as`
 * says what is audited: a view of the page or a download of the PDF.
 */
export async function getDecisionLetter(
  db: DB,
  actor: Actor,
  reference: string,
  decision: string | null,
  as: "view" | "download",
  requestId: string,
): Promise<DecisionLetter> {
  requirePermission(actor, "funding:view");
  const chosen = decisionIdOf(decision);
  const inside = !reachesFromOutsideSchools(actor);
  const row = await auditedRead(
    db,
    async (db) => {
      let query = db
        .selectFrom("funding_decisions")
        .innerJoin("funding_requests", "funding_requests.id", "funding_decisions.funding_request_id")
        .innerJoin("schools", "schools.id", "funding_requests.school_id")
        .innerJoin("funding_schemes", "funding_schemes.id", "funding_requests.scheme_id")
        .innerJoin("users", "users.id", "funding_decisions.decided_by")
        .leftJoin("decision_reasons", "decision_reasons.id", "funding_decisions.reason_id")
        .leftJoin("pupils", (join) => (inside ? join.onRef("pupils.id", "=", "funding_requests.pupil_id") : join.on((eb) => eb.lit(false))))
        .select((eb) => [
          "funding_decisions.id",
          "funding_decisions.outcome",
          "funding_decisions.awarded_pence",
          "funding_decisions.award_start",
          "funding_decisions.award_end",
          "funding_decisions.reason_text",
          "funding_decisions.period_reason",
          "funding_decisions.corrects_decision_id",
          "funding_decisions.decided_at",
          "funding_requests.id as request_id",
          "funding_requests.reference",
          "funding_requests.amount_requested_pence",
          "funding_requests.pupil_id",
          "schools.name as school_name",
          "schools.urn",
          "funding_schemes.name as scheme_name",
          "users.display_name",
          "decision_reasons.label as reason",
          "pupils.first_name",
          "pupils.last_name",
          eb
            .exists(eb.selectFrom("funding_decisions as later").select("later.id").whereRef("later.funding_request_id", "=", "funding_decisions.funding_request_id").whereRef("later.id", ">", "funding_decisions.id"))
            .as("superseded"),
        ])
        .where("funding_requests.reference", "=", reference)
        .where(visibleTo(actor))
        .orderBy("funding_decisions.id", "desc")
        .limit(1);
      if (chosen !== null) query = query.where("funding_decisions.id", "=", chosen);
      const row = await query.executeTakeFirst();
      if (!row) notFound();
      return row;
    },
    (row) => [
      {
        actor,
        action: as === "download" ? "funding_decision.letter_download" : "funding_decision.letter_view",
        subjectType: "funding_decision",
        subjectId: row.id,
        requestId,
        detail: { reference },
      },
      ...(row.first_name && row.pupil_id !== null ? [{ actor, action: "pupil.view", subjectType: "pupil", subjectId: row.pupil_id, requestId, detail: { via: `${reference} letter` } }] : []),
    ],
  );
  const outcome = row.outcome as DecisionOutcome;
  const months = row.award_start && row.award_end && row.awarded_pence > 0 ? monthsInPeriod(row.award_start, row.award_end) : 0;
  const payments = months > 0 ? { months, ...monthlyPayments(row.awarded_pence, months) } : null;
  return {
    decisionId: row.id,
    reference: row.reference,
    school: { name: row.school_name, urn: row.urn },
    scheme: row.scheme_name,
    pupil: row.first_name ? `${row.first_name} ${row.last_name}` : null,
    outcome,
    outcomeLabel: OUTCOME_LABELS[outcome] ?? row.outcome,
    requestedPence: row.amount_requested_pence,
    awardedPence: row.awarded_pence,
    start: row.award_start,
    end: row.award_end,
    payments,
    periodText: periodInWords(row.award_start, row.award_end),
    paymentsText: payments ? paymentsInWords(payments) : "No payments",
    reasons: reasonsInWords({
      outcome,
      reason: row.reason,
      reasonText: row.reason_text,
      periodReason: row.period_reason,
      awardedPence: row.awarded_pence,
      requestedPence: row.amount_requested_pence,
    }),
    correction: row.corrects_decision_id !== null,
    decidedAt: row.decided_at,
    decidedBy: row.display_name,
    superseded: Boolean(row.superseded),
    howToAskForReview: howToAskForReview(row.reference),
  };
}

/** The payments in words: "7 monthly payments: 6 of £1,428.57 and a last one of £1,428.58". */
function paymentsInWords(payments: NonNullable<DecisionLetter["payments"]>): string {
  const { months, monthlyPence, lastMonthPence } = payments;
  if (months === 1) return `One payment of ${formatPence(lastMonthPence)}`;
  if (monthlyPence === lastMonthPence) return `${months} monthly payments of ${formatPence(monthlyPence)}`;
  return `${months} monthly payments: ${months - 1} of ${formatPence(monthlyPence)} and a last one of ${formatPence(lastMonthPence)}`;
}

/** The award period in words. */
function periodInWords(start: string | null, end: string | null): string {
  return start && end ? `${formatDate(start)} to ${formatDate(end)}` : "None";
}
