import type { Actor } from "../access/access.server.ts";
import { notFound, requirePermission } from "../access/access.server.ts";
import { formatPence } from "../money.ts";
import type { Refusal } from "../result.ts";
import { type StepResult, takeStep } from "../workflow/engine.server.ts";
import { periodProblem } from "./funding.rules.ts";
import { toldOfWithdrawal } from "./funding.workflow.ts";
import { SIGN_OFF_DECLARATION } from "./consent.ts";
import type { DecisionInput } from "./funding.schema.ts";
import { duplicateProblem } from "./duplicates.server.ts";
import { type FundingRequestDetail, OUTCOME_LABELS, getFundingRequest } from "./queries.server.ts";
import { type DB, FUNDING_STORE, linesOf, problemsOf } from "./store.server.ts";
import { told, waitingForSignOff } from "./notices.ts";
import { dueOnFor } from "./casework/areas.server.ts";
import { londonToday } from "../financial-year.ts";

/**
 * A funding request's steps (funding.workflow.ts), each run by the workflow engine: the engine locks the request
 * under the actor's reach, checks the version and state, writes the event, the audit row and the notifications;
 * each function here adds only its step's own rules and words.
 */

type StepInputOf = { version: number; comment?: string | null };


/** SENCO: a complete draft (or a request the council sent back) goes to the headteacher for sign-off. */
export function sendToHeadteacher(db: DB, actor: Actor, reference: string, input: { version: number }, requestId: string): Promise<StepResult> {
  return takeStep(db, actor, FUNDING_STORE, "send", { key: reference, ...input }, requestId, async (trx, row) => {
    if (Object.keys(problemsOf(row, await linesOf(trx, row.id))).length > 0) {
      return { ok: false, formError: "This request is not complete yet: go back to the request and fill in what is missing." } as Refusal;
    }
    const duplicate = await duplicateProblem(trx, actor, row);
    if (duplicate) return { ok: false, formError: duplicate } as Refusal;
    return { notice: waitingForSignOff(reference) };
  });
}

/**
 * Headteacher: signs the request off with the declaration (SIGN_OFF_DECLARATION, stored on the request in the words
 * they confirmed); only signed-off requests reach the council. A request that lacks the parents' consent (one sent
 * before consent was recorded) or now overlaps another request for the pupil cannot be signed off: return it.
 */
export function signOff(db: DB, actor: Actor, reference: string, input: StepInputOf & { declaration: "confirmed" }, requestId: string): Promise<StepResult> {
  const step = { key: reference, version: input.version, comment: input.comment, fields: { comment: input.comment || null, declaration: input.declaration } };
  return takeStep(db, actor, FUNDING_STORE, "signOff", step, requestId, async (trx, row) => {
    const problems = problemsOf(row, await linesOf(trx, row.id));
    if (Object.keys(problems).length > 0) {
      const what = Object.keys(problems).some((field) => field.startsWith("consent")) ? "the parents' consent is not recorded on it" : "it is not complete";
      return { ok: false, formError: `This request cannot be signed off: ${what}. Return it to the SENCO saying what to add.` } as Refusal;
    }
    const duplicate = await duplicateProblem(trx, actor, row);
    if (duplicate) return { ok: false, formError: `${duplicate}. Return it to the SENCO to change the period.` } as Refusal;
    return {
      // Due: the scheme's target in working days from today (ADR 30).
      set: { submitted_at: new Date(), sign_off_declaration: SIGN_OFF_DECLARATION, due_on: await dueOnFor(trx, row.scheme_id, londonToday()) },
      notice: told(reference, `Funding request ${reference} has been signed off and sent to the council, and is waiting for a decision.`, "signed off and sent to the council"),
    };
  });
}

/** Headteacher: sends the request back to the SENCO with a comment saying what to change. */
export function returnToSenco(db: DB, actor: Actor, reference: string, input: { version: number; comment: string }, requestId: string): Promise<StepResult> {
  return takeStep(db, actor, FUNDING_STORE, "returnToSenco", { key: reference, ...input }, requestId, async (_trx, row) => ({
    // Back to where it came from: a draft, or a request the council asked more of.
    to: row.submitted_at ? "more_information_needed" : "draft",
    notice: told(reference, `Your headteacher returned funding request ${reference} with a comment.`, "returned by your headteacher"),
  }));
}

/** The school withdraws the request before a decision; the council is told if it had reached it. */
export function withdraw(db: DB, actor: Actor, reference: string, input: StepInputOf, requestId: string): Promise<StepResult> {
  return takeStep(db, actor, FUNDING_STORE, "withdraw", { key: reference, ...input }, requestId, async (_trx, row) => ({
    tell: toldOfWithdrawal(row.status),
    notice: told(reference, `Funding request ${reference} has been withdrawn by the school.`, "withdrawn"),
  }));
}

/** Officer: takes a submitted request into review. */
export function startReview(db: DB, actor: Actor, reference: string, input: { version: number }, requestId: string): Promise<StepResult> {
  return takeStep(db, actor, FUNDING_STORE, "startReview", { key: reference, ...input }, requestId);
}

/** Officer: sends the request back to the school, saying what is needed. The school edits and sends it again. */
export function askForInformation(db: DB, actor: Actor, reference: string, input: { version: number; comment: string }, requestId: string): Promise<StepResult> {
  return takeStep(db, actor, FUNDING_STORE, "askForInformation", { key: reference, ...input }, requestId, async () => ({
    notice: told(reference, `The council needs more information about funding request ${reference}.`, "more information needed"),
  }));
}

export interface DecisionForm {
  request: FundingRequestDetail;
  reasons: { id: number; label: string }[];
}

export async function getDecisionForm(db: DB, actor: Actor, reference: string, requestId: string): Promise<DecisionForm> {
  requirePermission(actor, "funding:decide");
  const request = await getFundingRequest(db, actor, reference, requestId);
  if (!request.can.decide && !request.can.correct) notFound();
  const reasons = await db.selectFrom("decision_reasons").select(["id", "label"]).where("active", "=", true).orderBy("sort_order").orderBy("label").execute();
  return { request, reasons };
}

/**
 * Officer: records a decision. A request already decided can only be corrected, which records a new
 * decision that names the one it corrects and must say why: a decision is never edited in place.
 */
export function decide(db: DB, actor: Actor, reference: string, input: DecisionInput, requestId: string): Promise<StepResult> {
  const fields = { outcome: input.outcome, awarded: input.awarded, awardStart: input.awardStart, awardEnd: input.awardEnd, reasonId: input.reasonId, reasonText: input.reasonText };
  const step = { key: reference, version: input.version, comment: input.reasonText || null, fields };
  return takeStep(db, actor, FUNDING_STORE, ["decide", "correct"], step, requestId, async (trx, row, step) => {
    const correcting = step === "correct";
    const requested = row.amount_requested_pence ?? 0;
    const fieldErrors: Record<string, string[]> = {};
    const fail = (field: string, message: string) => (fieldErrors[field] = [message]);
    let awarded = 0;
    let start: string | null = null;
    let end: string | null = null;
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
      }
    }
    let reasonId: number | null = null;
    if (input.reasonId) {
      const reason = /^\d{1,9}$/.test(input.reasonId)
        ? await trx.selectFrom("decision_reasons").select("id").where("id", "=", Number(input.reasonId)).where("active", "=", true).executeTakeFirst()
        : undefined;
      if (!reason) fail("reasonId", "Select a reason from the list");
      else reasonId = reason.id;
    }
    if (input.outcome !== "approved" && !input.reasonId) fail("reasonId", "Select the reason for this decision");
    if (correcting && !input.reasonText) fail("reasonText", "Say why the earlier decision is being corrected");
    if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors } as Refusal;

    const previous = await trx
      .selectFrom("funding_decisions")
      .select("id")
      .where("funding_request_id", "=", row.id)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    await trx
      .insertInto("funding_decisions")
      .values({
        funding_request_id: row.id,
        outcome: input.outcome,
        awarded_pence: awarded,
        award_start: start,
        award_end: end,
        reason_id: reasonId,
        reason_text: input.reasonText || null,
        corrects_decision_id: correcting ? (previous?.id ?? null) : null,
        decided_by: actor.userId,
      })
      .execute();
    return {
      to: input.outcome,
      set: { awarded_pence: awarded, award_start: start, award_end: end, decided_at: new Date() },
      // What changed, in words ("HNF-2026-00042 was partly approved"), in the message and the email's subject.
      notice: told(
        reference,
        correcting
          ? `The council corrected its decision on funding request ${reference}: it is now ${OUTCOME_LABELS[input.outcome].toLowerCase()}.`
          : `Funding request ${reference} was ${OUTCOME_LABELS[input.outcome].toLowerCase()} by the council.`,
        correcting ? `decision corrected, now ${OUTCOME_LABELS[input.outcome].toLowerCase()}` : OUTCOME_LABELS[input.outcome].toLowerCase(),
      ),
    };
  });
}
