import { formatDate } from "../../components/format.ts";
import type { Actor } from "../access/access.server.ts";
import { notFound, requirePermission } from "../access/access.server.ts";
import { formatPence } from "../money.ts";
import type { Refusal, Result } from "../result.ts";
import { claimCase } from "../workflow/engine.server.ts";
import { changedMeanwhile } from "../workflow/resubmission.server.ts";
import { periodProblem } from "./funding.rules.ts";
import type { DecisionInput, DecisionOutcome } from "./funding.schema.ts";
import { DECIDED, FUNDING_WORKFLOW } from "./funding.workflow.ts";
import { nextRequestInQueue } from "./queue.server.ts";
import { OUTCOME_LABELS } from "./queries.server.ts";
import { type DB, FUNDING_STORE, type LockedRequest, type Trx, visibleTo } from "./store.server.ts";

/**
 * What a decision form asks to record, read against the request it is about: one reading for the check page
 * (`checkDecision`, nothing written) and for the decision itself (`decide`, transitions.server.ts), so what the
 * officer confirms is what the rules allowed.
 */

export interface DecisionValues {
  outcome: DecisionOutcome;
  awardedPence: number;
  start: string | null;
  end: string | null;
  reasonId: number | null;
  reasonLabel: string | null;
  reasonText: string | null;
  /** Why the award period goes outside the period requested: only kept when it does. */
  periodReason: string | null;
  /** Whether the award period goes outside the period requested. */
  outsideRequested: boolean;
}

/** The steps one decision form asks for: a decision, or a correction once decided (ADR 20). */
export const DECISION_STEPS = ["decide", "correct"] as const;

/** Reads the decision form's fields against the locked request: the values to record, or why not, by field. */
export async function readDecision(
  trx: Trx,
  row: LockedRequest,
  input: DecisionInput,
  correcting: boolean,
): Promise<{ ok: true; values: DecisionValues } | { ok: false; fieldErrors: Record<string, string[]> }> {
  const requested = row.amount_requested_pence ?? 0;
  const fieldErrors: Record<string, string[]> = {};
  const fail = (field: string, message: string) => (fieldErrors[field] = [message]);
  let awarded = 0;
  let start: string | null = null;
  let end: string | null = null;
  let outsideRequested = false;
  if (input.outcome === "approved") {
    awarded = input.awarded ?? requested;
    if (awarded !== requested) fail("awarded", `Approved means the full ${formatPence(requested)} requested: for less, choose partly approved`);
  } else if (input.outcome === "partly_approved") {
    if (input.awarded === null) fail("awarded", "Enter the amount awarded");
    else if (input.awarded <= 0) fail("awarded", "The amount awarded must be more than £0: to award nothing, choose declined");
    else if (input.awarded >= requested) fail("awarded", `A partial award must be less than the ${formatPence(requested)} requested`);
    else awarded = input.awarded;
  }
  if (input.outcome !== "declined") {
    start = input.awardStart ?? row.period_start;
    end = input.awardEnd ?? row.period_end;
    if (!start) fail("awardStart", "Enter the date the award starts");
    if (!end) fail("awardEnd", "Enter the date the award ends");
    if (start && end) {
      const problem = periodProblem(start, end);
      if (problem) fail("awardEnd", problem);
      else if (row.period_start && row.period_end && (start < row.period_start || end > row.period_end)) {
        outsideRequested = true;
        if (!input.periodReason) {
          fail(
            "periodReason",
            `The award period goes outside the period requested (${formatDate(row.period_start)} to ${formatDate(row.period_end)}): say why, or change the dates`,
          );
        }
      }
    }
  }
  let reasonId: number | null = null;
  let reasonLabel: string | null = null;
  if (input.reasonId) {
    const reason = /^\d{1,9}$/.test(input.reasonId)
      ? await trx.selectFrom("decision_reasons").select(["id", "label"]).where("id", "=", Number(input.reasonId)).where("active", "=", true).executeTakeFirst()
      : undefined;
    if (!reason) fail("reasonId", "Select a reason from the list");
    else ({ id: reasonId, label: reasonLabel } = reason);
  }
  if (input.outcome !== "approved" && !input.reasonId) fail("reasonId", "Select the reason for this decision");
  if (correcting && !input.reasonText) fail("reasonText", "Say why the earlier decision is being corrected");
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  return {
    ok: true,
    values: {
      outcome: input.outcome,
      awardedPence: awarded,
      start,
      end,
      reasonId,
      reasonLabel,
      reasonText: input.reasonText || null,
      periodReason: outsideRequested ? input.periodReason || null : null,
      outsideRequested,
    },
  };
}

/** The check page's summary of a decision, before it is confirmed. */
export interface DecisionCheck extends DecisionValues {
  outcomeLabel: string;
  correcting: boolean;
}

/**
 * The check step before a decision is recorded: the same lock, version and state checks as the step itself
 * (a stale form is refused saying what changed) and the same reading of the fields; nothing is written.
 */
export async function checkDecision(db: DB, actor: Actor, reference: string, input: DecisionInput): Promise<Result<{ check: DecisionCheck }>> {
  for (const step of DECISION_STEPS) requirePermission(actor, FUNDING_WORKFLOW.steps[step].permission);
  const from = DECISION_STEPS.flatMap((step) => FUNDING_WORKFLOW.steps[step].from);
  return db.transaction().execute(async (trx): Promise<Result<{ check: DecisionCheck }>> => {
    const claimed = await claimCase(trx, actor, FUNDING_STORE, reference, input.version, from);
    if (!claimed.ok && !claimed.stale) return claimed.refusal;
    if (!claimed.ok) return changedMeanwhile(trx, actor, await FUNDING_STORE.lastChange(trx, claimed.row));
    const correcting = (FUNDING_WORKFLOW.steps.correct.from as readonly string[]).includes(claimed.row.status);
    const read = await readDecision(trx, claimed.row, input, correcting);
    if (!read.ok) return { ok: false, fieldErrors: read.fieldErrors } satisfies Refusal;
    return { ok: true, check: { ...read.values, outcomeLabel: OUTCOME_LABELS[read.values.outcome], correcting } };
  });
}

/** The confirmation after a decision: what was recorded, and the next request waiting in the officer's queue. */
export interface DecisionMade {
  reference: string;
  school: string;
  outcomeLabel: string;
  awardedPence: number;
  start: string | null;
  end: string | null;
  correction: boolean;
  nextReference: string | null;
}

export async function getDecisionMade(db: DB, actor: Actor, reference: string): Promise<DecisionMade> {
  requirePermission(actor, "funding:decide");
  const row = await db
    .selectFrom("funding_requests")
    .innerJoin("schools", "schools.id", "funding_requests.school_id")
    .innerJoin("funding_decisions", "funding_decisions.funding_request_id", "funding_requests.id")
    .select([
      "funding_requests.reference",
      "schools.name as school",
      "funding_decisions.outcome",
      "funding_decisions.awarded_pence",
      "funding_decisions.award_start",
      "funding_decisions.award_end",
      "funding_decisions.corrects_decision_id",
    ])
    .where("funding_requests.reference", "=", reference)
    .where(visibleTo(actor))
    .where("funding_requests.status", "in", [...DECIDED])
    .orderBy("funding_decisions.id", "desc")
    .limit(1)
    .executeTakeFirst();
  if (!row) notFound();
  return {
    reference: row.reference,
    school: row.school,
    outcomeLabel: OUTCOME_LABELS[row.outcome as DecisionOutcome] ?? row.outcome,
    awardedPence: row.awarded_pence,
    start: row.award_start,
    end: row.award_end,
    correction: row.corrects_decision_id !== null,
    nextReference: await nextRequestInQueue(db, actor, reference),
  };
}
