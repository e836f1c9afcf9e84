import type { Actor } from "../access/access.server.ts";
import { notFound, requirePermission } from "../access/access.server.ts";
import { ownSchoolId } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { financialYearOf } from "../financial-year.ts";
import { type PupilChoice, currentPupilProvision, listCurrentPupilsForFundingRequest } from "../pupils/pupils.server.ts";
import { nextReference } from "../references.server.ts";
import { isUniqueViolation } from "../record.server.ts";
import { type Result, refuse } from "../result.ts";
import { claimCase } from "../workflow/engine.server.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";
import type { DraftSection } from "./draft-sections.ts";
import { periodProblem } from "./funding.rules.ts";
import { type DraftInput, readDraft } from "./funding.schema.ts";
import { type RelatedRequest, duplicateMessage, overlapping, relatedRequests } from "./duplicates.server.ts";
import { FUNDING_WORKFLOW } from "./funding.workflow.ts";
import { provisionFor, pupilRuleProblem } from "./pupil-rules.ts";
import { getFundingRequest } from "./queries.server.ts";
import { lastFundingChange } from "./resubmission.server.ts";
import { type DB, FUNDING_STORE, addEvent, bump, checklistOf, evidenceOf, linesOf, planLineRows, problemsOf, ruleOf } from "./store.server.ts";

/** Starting a request and working on its draft (SENCO). */

export interface SchemeOption {
  id: number;
  name: string;
  description: string;
  requiresPupil: boolean;
}

export async function listActiveSchemes(db: DB, actor: Actor): Promise<SchemeOption[]> {
  requirePermission(actor, "funding:draft");
  const rows = await db
    .selectFrom("funding_schemes")
    .select(["id", "name", "description", "requires_pupil"])
    .where("active", "=", true)
    .orderBy("sort_order")
    .orderBy("name")
    .execute();
  return rows.map((r) => ({ id: r.id, name: r.name, description: r.description, requiresPupil: r.requires_pupil }));
}

/** The reference in a URL (HNF-2026-00042); anything else is not a request: 404. */
export function referenceParam(params: { ref?: string }): string {
  const ref = params.ref ?? "";
  if (!/^[A-Z]{2,6}-\d{4}-\d{5,9}$/.test(ref)) notFound();
  return ref;
}

/** The request a "start" form's one-off key made, if this person sent it; another person's key: 404. */
export async function findByKey(db: DB, actor: Actor, key: string) {
  return db
    .selectFrom("funding_requests")
    .select(["reference", "created_by"])
    .where("idempotency_key", "=", key)
    .executeTakeFirst()
    .then((r) => (r && r.created_by === actor.userId ? r.reference : r ? notFound() : undefined));
}

/**
 * Starts a draft (SENCO). The form carries a one-off key: sending it twice (a double click, a resubmitted
 * form) finds the draft the first one made instead of making a second.
 */
export async function startRequest(
  db: DB,
  actor: Actor,
  input: { schemeId: number; idempotencyKey: string },
  requestId: string,
): Promise<Result<{ reference: string }>> {
  requirePermission(actor, "funding:draft");
  const schoolId = ownSchoolId(actor);
  if (schoolId === undefined) notFound();
  const existing = await findByKey(db, actor, input.idempotencyKey);
  if (existing) return { ok: true, reference: existing };
  const scheme = await db
    .selectFrom("funding_schemes")
    .select(["id", "code"])
    .where("id", "=", input.schemeId)
    .where("active", "=", true)
    .executeTakeFirst();
  if (!scheme) return refuse("schemeId", "Select the kind of funding");
  try {
    return await db.transaction().execute(async (trx) => {
      const reference = await nextReference(trx, scheme.code);
      const request = await trx
        .insertInto("funding_requests")
        .values({
          reference,
          school_id: schoolId,
          scheme_id: scheme.id,
          status: "draft",
          created_by: actor.userId,
          idempotency_key: input.idempotencyKey,
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await addEvent(trx, actor, request.id, { action: "created", from: null, to: "draft" });
      await recordAudit(trx, { actor, action: "funding_request.create", subjectType: "funding_request", subjectId: request.id, requestId, detail: { reference } });
      return { ok: true as const, reference };
    });
  } catch (error) {
    // The same form sent twice at once: the unique key lets one insert win; the other finds it.
    if (isUniqueViolation(error, "funding_requests_idempotency_key_key")) {
      const reference = await findByKey(db, actor, input.idempotencyKey);
      if (reference) return { ok: true, reference };
    }
    throw error;
  }
}

// The draft (SENCO)

/** The request as the draft form edits it: the detail plus the pupils to choose from. */
export async function getDraft(db: DB, actor: Actor, reference: string, requestId: string) {
  requirePermission(actor, "funding:draft");
  const request = await getFundingRequest(db, actor, reference, requestId);
  if (!request.can.edit) return { request, pupils: [] as PupilChoice[], related: [] as RelatedRequest[] };
  // Only the pupils the scheme is for (its pupil rule): saveDraft refuses any other.
  const [pupils, related] = await Promise.all([
    listCurrentPupilsForFundingRequest(db, actor, provisionFor(request.scheme.pupilRule)),
    // The pupil's other open or awarded requests under the scheme: the pages warn of them, with a link to each.
    relatedRequests(db, actor, { id: request.id, pupilId: request.pupil?.id ?? null, schemeId: request.scheme.id }),
  ]);
  return { request, pupils, related };
}

/** The draft's fields as a refusal names them ("it now differs from what you sent in: amount requested"). */
const DRAFT_FIELD_LABELS = {
  pupilId: "pupil",
  periodStart: "start date",
  periodEnd: "end date",
  amountRequested: "amount requested",
  lines: "provision plan",
  evidence: "evidence",
  consentGivenBy: "who gave consent",
  consentDate: "date consent was given",
  consentMethod: "how consent was given",
};

/** What a draft save did: the new version, what could not be stored (by field) and what still stops sending. */
export interface DraftSaved {
  version: number;
  /** Answers that were not stored, and why: the rest of the form was saved. */
  notSaved: Record<string, string[]>;
  /** What still stops the request being sent, by field (the whole request; funding.rules.ts). */
  problems: Record<string, string[]>;
}

/**
 * Saves a draft (SENCO; draft or more information needed): every answer the form carries that can be stored,
 * even when others cannot (issue 14). An answer that cannot be stored (a date that does not exist, letters for an
 * amount, another school's pupil) keeps its saved value and is reported in `notSaved`. Completeness is only
 * required to send (`sendToHeadteacher`); `problems` says what is still needed. A form sent against an old
 * version is refused, unless it is the same save again.
 */
export async function saveDraft(
  db: DB,
  actor: Actor,
  reference: string,
  input: DraftInput & { posted: Set<DraftSection> },
  requestId: string,
): Promise<Result<DraftSaved>> {
  requirePermission(actor, "funding:draft");
  const { patch, errors } = readDraft(input, input.posted);
  const notSaved: Record<string, string[]> = { ...errors };

  return db.transaction().execute(async (trx) => {
    // The engine's lock and checks (the `edit` step of funding.workflow.ts): a draft save moves nowhere and writes
    // no timeline event, so a form sent against an old version is compared with what the draft holds now.
    const claimed = await claimCase(trx, actor, FUNDING_STORE, reference, input.version, FUNDING_WORKFLOW.steps.edit.from);
    if (!claimed.ok && !claimed.stale) return claimed.refusal;
    const { row } = claimed;
    const checklist = checklistOf(row.evidence_checklist);
    const saved = { lines: await linesOf(trx, row.id), evidence: evidenceOf(row.evidence) };
    // A pupil id that is not a number names no pupil: -1 matches nothing.
    const pupilId =
      patch.pupilId === undefined ? undefined : row.requires_pupil && patch.pupilId ? (/^\d{1,9}$/.test(patch.pupilId) ? Number(patch.pupilId) : -1) : null;
    // The evidence as it will be: the checklist's answers sent, over those saved (an answer too long keeps the old).
    const evidence =
      patch.evidence === undefined
        ? undefined
        : Object.fromEntries(
            checklist
              .map((item) => [item.key, notSaved[`evidence.${item.key}`] ? (saved.evidence[item.key] ?? "") : (patch.evidence![item.key] ?? "")])
              .filter(([, v]) => v),
          );
    const consent = { consentGivenBy: patch.consentGivenBy, consentDate: patch.consentDate, consentMethod: patch.consentMethod };
    const submitted = { pupilId, periodStart: patch.periodStart, periodEnd: patch.periodEnd, amountRequested: patch.amountRequested, lines: patch.lines, evidence, ...consent };
    const recorded = {
      pupilId: row.pupil_id,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      amountRequested: row.amount_requested_pence,
      lines: saved.lines,
      evidence: saved.evidence,
      consentGivenBy: row.consent_given_by,
      consentDate: row.consent_date,
      consentMethod: row.consent_method,
    };
    if (!claimed.ok) {
      // Sent against an old version: the same save again only if the draft already holds all of it.
      const answer = await answerOldVersion(trx, actor, { submitted, recorded, labels: DRAFT_FIELD_LABELS, ...(await lastFundingChange(trx, row.id, row.status)) });
      if (!answer.ok) return answer;
      return { ok: true as const, version: row.version, notSaved, problems: problemsOf(row, saved.lines) };
    }
    let provision = row.pupil_provision;
    if (pupilId !== undefined) {
      provision = pupilId === null ? null : await currentPupilProvision(trx, actor, pupilId);
      const problem = pupilId !== null && provision === null ? "Select a pupil from your school's register" : pupilRuleProblem(ruleOf(row.pupil_rule), provision);
      if (problem) {
        // The pupil cannot be stored: the one saved stays, the rest of the form is saved.
        notSaved.pupilId = [problem];
        submitted.pupilId = undefined;
        provision = row.pupil_provision;
      }
    }
    let [periodStart, periodEnd] = [submitted.periodStart === undefined ? row.period_start : submitted.periodStart, submitted.periodEnd === undefined ? row.period_end : submitted.periodEnd];
    if (periodStart && periodEnd && periodEnd < periodStart) {
      // A period the wrong way round cannot be stored (the table refuses it): the period is one answer, so
      // neither of its dates is, and the period saved before stays.
      notSaved.periodEnd = [periodProblem(periodStart, periodEnd)!];
      [periodStart, periodEnd] = [row.period_start, row.period_end];
      submitted.periodStart = submitted.periodEnd = undefined;
    }
    // Duplicates: the pupil's other open or awarded request under this scheme must not overlap the period. The
    // answer that made the overlap is not stored (the period if it was sent, else the pupil); the rest is.
    for (const undo of ["period", "pupil"] as const) {
      const pupilNow = submitted.pupilId === undefined ? row.pupil_id : submitted.pupilId;
      const changed = submitted.pupilId !== undefined || submitted.periodStart !== undefined || submitted.periodEnd !== undefined;
      if (pupilNow === null || !changed) break;
      const related = await relatedRequests(trx, actor, { id: row.id, pupilId: pupilNow, schemeId: row.scheme_id }, { lock: true });
      const clash = overlapping(related, periodStart, periodEnd);
      if (!clash) break;
      if (undo === "period" && (submitted.periodStart !== undefined || submitted.periodEnd !== undefined)) {
        notSaved.periodStart = [duplicateMessage(clash)];
        [periodStart, periodEnd] = [row.period_start, row.period_end];
        submitted.periodStart = submitted.periodEnd = undefined;
      } else if (submitted.pupilId !== undefined) {
        notSaved.pupilId = [duplicateMessage(clash)];
        submitted.pupilId = undefined;
        provision = row.pupil_provision;
      }
    }
    const next = {
      pupil_id: submitted.pupilId === undefined ? row.pupil_id : submitted.pupilId,
      period_start: periodStart,
      period_end: periodEnd,
      amount_requested_pence: submitted.amountRequested === undefined ? row.amount_requested_pence : submitted.amountRequested,
      evidence: evidence ?? saved.evidence,
      consent_given_by: consent.consentGivenBy === undefined ? row.consent_given_by : consent.consentGivenBy,
      consent_date: consent.consentDate === undefined ? row.consent_date : consent.consentDate,
      consent_method: consent.consentMethod === undefined ? row.consent_method : consent.consentMethod,
    };
    await bump(trx, row.id, { ...next, financial_year: next.period_start ? financialYearOf(next.period_start) : null, evidence: JSON.stringify(next.evidence) });
    const lines = patch.lines ?? saved.lines;
    if (patch.lines) {
      await trx.deleteFrom("funding_request_lines").where("funding_request_id", "=", row.id).execute();
      if (patch.lines.length > 0) await trx.insertInto("funding_request_lines").values(planLineRows(row.id, patch.lines)).execute();
    }
    const fields = Object.keys(submitted).filter((k) => submitted[k as keyof typeof submitted] !== undefined);
    await recordAudit(trx, {
      actor,
      action: "funding_request.update",
      subjectType: "funding_request",
      subjectId: row.id,
      requestId,
      detail: { reference, lines: lines.length, fields, ...(Object.keys(notSaved).length > 0 ? { notSaved: Object.keys(notSaved) } : {}) },
    });
    // A pupil just chosen is a current one (currentPupilProvision); one kept keeps what the row says of them.
    const problems = problemsOf({ ...row, ...next, pupil_provision: provision, pupil_date_left: submitted.pupilId === undefined ? row.pupil_date_left : null }, lines);
    return { ok: true as const, version: row.version + 1, notSaved, problems };
  });
}
