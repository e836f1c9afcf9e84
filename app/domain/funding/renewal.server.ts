import { formatDate } from "../../components/format.ts";
import type { Actor } from "../access/access.server.ts";
import { notFound, requirePermission } from "../access/access.server.ts";
import { ownSchoolId } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { londonToday } from "../financial-year.ts";
import { currentPupilProvision } from "../pupils/pupils.server.ts";
import { isUniqueViolation } from "../record.server.ts";
import type { Refusal, Result } from "../result.ts";
import { carryOverDocuments } from "./documents.server.ts";
import { pupilRuleProblem } from "./pupil-rules.ts";
import { type FundingRequestDetail, getFundingRequest } from "./queries.server.ts";
import { renewalRefusal } from "./renewal.ts";
import { newIdempotencyKey, nextReference } from "../references.server.ts";
import { findByKey } from "./requests.server.ts";
import { type DB, addEvent, linesOf, planLineRows, ruleOf, visibleTo } from "./store.server.ts";
import { carryEvidenceCitations } from "./evidence-citation-kinds.server.ts";

/**
 * "Apply again" (issue 8): a new draft with its own reference, pre-filled from the award it renews (the pupil, the
 * provision plan, the evidence answers, the documents still attached, kept by reference: ADR 33; the period left
 * empty, and the parents' consent asked for again), naming the request it renews. A request is renewed once (a unique index): a form sent twice finds the renewal the first made.
 */

export interface RenewalPage {
  request: FundingRequestDetail;
  /** Why it cannot be renewed now, in words; null when it can. */
  refusal: string | null;
  idempotencyKey: string;
}

const refuseForm = (formError: string): Refusal => ({ ok: false, formError });

/** What the "Apply again" page shows (SENCO): the award, and whether it can be renewed now. */
export async function getRenewal(db: DB, actor: Actor, reference: string, requestId: string): Promise<RenewalPage> {
  requirePermission(actor, "funding:draft");
  const request = await getFundingRequest(db, actor, reference, requestId);
  const refusal = renewalRefusal({ status: request.status, awardEnd: request.award?.end ?? null, renewedBy: request.renewal.renewedBy }, londonToday(), formatDate);
  return { request, refusal, idempotencyKey: newIdempotencyKey() };
}

/** Starts the renewal of `reference` (SENCO of its school). Nothing is stored unless the whole renewal is. */
export async function renewRequest(
  db: DB,
  actor: Actor,
  reference: string,
  input: { idempotencyKey: string },
  requestId: string,
): Promise<Result<{ reference: string }>> {
  requirePermission(actor, "funding:draft");
  const schoolId = ownSchoolId(actor);
  if (schoolId === undefined) notFound();
  const again = await findByKey(db, actor, input.idempotencyKey);
  if (again) return { ok: true, reference: again };
  try {
    return await db.transaction().execute(async (trx) => {
      const original = await trx
        .selectFrom("funding_requests")
        .innerJoin("funding_schemes", "funding_schemes.id", "funding_requests.scheme_id")
        .select([
          "funding_requests.id",
          "funding_requests.status",
          "funding_requests.scheme_id",
          "funding_requests.pupil_id",
          "funding_requests.evidence",
          "funding_requests.award_end",
          "funding_schemes.code",
          "funding_schemes.active",
          "funding_schemes.pupil_rule",
        ])
        .where("funding_requests.reference", "=", reference)
        .where(visibleTo(actor))
        .forUpdate("funding_requests")
        .executeTakeFirst();
      if (!original) notFound();
      // The same form sent twice at once: the second waited for the lock above, and finds what the first made.
      const made = await findByKey(trx, actor, input.idempotencyKey);
      if (made) return { ok: true as const, reference: made };
      const renewed = await trx.selectFrom("funding_requests").select("reference").where("renews_request_id", "=", original.id).executeTakeFirst();
      const status = original.status as FundingRequestDetail["status"];
      const refusal = renewalRefusal({ status, awardEnd: original.award_end, renewedBy: renewed?.reference ?? null }, londonToday(), formatDate);
      if (refusal) return refuseForm(refusal);
      if (!original.active) return refuseForm("The council no longer takes requests under this scheme, so this award cannot be renewed");
      if (original.pupil_id !== null) {
        const provision = await currentPupilProvision(trx, actor, original.pupil_id);
        if (provision === null) return refuseForm("The pupil is no longer on your school's register, so this award cannot be renewed");
        const problem = pupilRuleProblem(ruleOf(original.pupil_rule), provision);
        if (problem) return refuseForm(`This award cannot be renewed under the same scheme: ${problem.charAt(0).toLowerCase()}${problem.slice(1)}`);
      }
      const newReference = await nextReference(trx, original.code);
      const created = await trx
        .insertInto("funding_requests")
        .values({
          reference: newReference,
          school_id: schoolId,
          scheme_id: original.scheme_id,
          pupil_id: original.pupil_id,
          status: "draft",
          evidence: JSON.stringify(original.evidence ?? {}),
          renews_request_id: original.id,
          created_by: actor.userId,
          idempotency_key: input.idempotencyKey,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      const lines = await linesOf(trx, original.id);
      if (lines.length > 0) await trx.insertInto("funding_request_lines").values(planLineRows(created.id, lines)).execute();
      // The records it cited (staff training, issue 9; LIFT outcomes and visits, issue 10), where they still count.
      await carryEvidenceCitations(trx, { id: original.id, schoolId, pupilId: original.pupil_id }, created.id);
      const documents = await carryOverDocuments(trx, actor, { fromRequestId: original.id, fromReference: reference, toRequestId: created.id, toReference: newReference }, requestId);
      await addEvent(trx, actor, created.id, { action: "renewal_started", from: null, to: "draft", comment: `Renews ${reference}` });
      await recordAudit(trx, {
        actor,
        action: "funding_request.renew",
        subjectType: "funding_request",
        subjectId: created.id,
        requestId,
        detail: { reference: newReference, renews: reference, documents },
      });
      return { ok: true as const, reference: newReference };
    });
  } catch (error) {
    // The same form sent twice at once: the one-off key lets one insert win; the other finds it. Two people at
    // once: one renewal wins, the other is told it has been renewed.
    if (isUniqueViolation(error, "funding_requests_idempotency_key_key")) {
      const found = await findByKey(db, actor, input.idempotencyKey);
      if (found) return { ok: true, reference: found };
    }
    if (isUniqueViolation(error, "funding_requests_renews_once")) {
      const found = await db
        .selectFrom("funding_requests as renewal")
        .innerJoin("funding_requests as original", "original.id", "renewal.renews_request_id")
        .select("renewal.reference")
        .where("original.reference", "=", reference)
        .executeTakeFirst();
      return refuseForm(`This award has already been renewed: the new request is ${found?.reference ?? "on your list"}`);
    }
    throw error;
  }
}
