import type { Actor } from "../access/access.server.ts";
import { notFound, requirePermission } from "../access/access.server.ts";
import type { Refusal } from "../result.ts";
import { type StepResult, takeStep } from "../workflow/engine.server.ts";
import { DECISION_STEPS, readDecision } from "./decision-check.server.ts";
import { writeReviewPoints } from "./reviews.server.ts";
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
  const fields = {
    outcome: input.outcome,
    awarded: input.awarded,
    awardStart: input.awardStart,
    awardEnd: input.awardEnd,
    reasonId: input.reasonId,
    reasonText: input.reasonText,
    periodReason: input.periodReason || undefined,
  };
  const step = { key: reference, version: input.version, comment: input.reasonText || null, fields };
  return takeStep(db, actor, FUNDING_STORE, DECISION_STEPS, step, requestId, async (trx, row, step) => {
    const correcting = step === "correct";
    const read = await readDecision(trx, row, input, correcting);
    if (!read.ok) return { ok: false, fieldErrors: read.fieldErrors } as Refusal;
    const { awardedPence: awarded, start, end, reasonId, periodReason } = read.values;

    const previous = await trx
      .selectFrom("funding_decisions")
      .select("id")
      .where("funding_request_id", "=", row.id)
      .orderBy("id", "desc")
      .limit(1)
      .executeTakeFirst();
    const decision = await trx
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
        period_reason: periodReason,
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    await writeReviewPoints(trx, row, { id: decision.id, awardedPence: awarded, start, end });
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
