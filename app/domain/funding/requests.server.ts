import { randomBytes } from "node:crypto";
import type { Actor } from "../access/access.server.ts";
import { notFound, requirePermission } from "../access/access.server.ts";
import { ownSchoolId } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { financialYearOf, londonToday } from "../financial-year.ts";
import { MAX_AMOUNT_PENCE, parsePounds } from "../money.ts";
import { type PupilChoice, currentPupilProvision, listCurrentPupilsForFundingRequest } from "../pupils/pupils.server.ts";
import { isUniqueViolation } from "../record.server.ts";
import { type Refusal, type Result, refuse } from "../result.ts";
import { claimCase } from "../workflow/engine.server.ts";
import { answerOldVersion } from "../workflow/resubmission.server.ts";
import { MAX_PLAN_LINES, type PlanLine, periodProblem } from "./funding.rules.ts";
import type { DraftInput } from "./funding.schema.ts";
import { FUNDING_WORKFLOW } from "./funding.workflow.ts";
import { provisionFor, pupilRuleProblem } from "./pupil-rules.ts";
import { getFundingRequest } from "./queries.server.ts";
import { lastFundingChange } from "./resubmission.server.ts";
import { type DB, FUNDING_STORE, type Trx, addEvent, bump, checklistOf, evidenceOf, linesOf, problemsOf, ruleOf } from "./store.server.ts";

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

/** A one-off key for a "start a request" form: 128 random bits. */
export function newIdempotencyKey(): string {
  return randomBytes(16).toString("base64url");
}

async function nextReference(trx: Trx, prefix: string): Promise<string> {
  const year = Number(londonToday().slice(0, 4));
  const row = await trx
    .insertInto("reference_counters")
    .values({ prefix, year, last_number: 1 })
    .onConflict((oc) => oc.columns(["prefix", "year"]).doUpdateSet((eb) => ({ last_number: eb("reference_counters.last_number", "+", 1) })))
    .returning("last_number")
    .executeTakeFirstOrThrow();
  return `${prefix}-${year}-${String(row.last_number).padStart(5, "0")}`;
}

async function findByKey(db: DB, actor: Actor, key: string) {
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
  if (!request.can.edit) return { request, pupils: [] as PupilChoice[] };
  // Only the pupils the scheme is for (its pupil rule): saveDraft refuses any other.
  return { request, pupils: await listCurrentPupilsForFundingRequest(db, actor, provisionFor(request.scheme.pupilRule)) };
}

const HOURS = /^\d{1,2}(\.\d{1,2})?$/;
const WEEKS = /^\d{1,2}$/;

/** Checks the typed plan lines; blank lines are dropped. Field errors use the form's names (lines[0].cost). */
function parseLines(lines: DraftInput["lines"]): { ok: true; lines: PlanLine[] } | Refusal {
  const fieldErrors: Record<string, string[]> = {};
  const parsed: PlanLine[] = [];
  lines.forEach((line, index) => {
    const blank = !line.description && !line.deliveredBy && !line.hoursPerWeek && !line.weeks && !line.cost;
    if (blank) return;
    const name = (field: string) => `lines[${index}].${field}`;
    const fail = (field: string, message: string) => (fieldErrors[name(field)] = [message]);
    if (!line.description) fail("description", `Line ${index + 1}: say what the provision is`);
    if (!line.deliveredBy) fail("deliveredBy", `Line ${index + 1}: say who delivers it`);
    const hours = Number(line.hoursPerWeek);
    if (!HOURS.test(line.hoursPerWeek) || hours > 60) fail("hoursPerWeek", `Line ${index + 1}: hours per week must be a number from 0 to 60, like 2.5`);
    const weeks = Number(line.weeks);
    if (!WEEKS.test(line.weeks) || weeks < 1 || weeks > 52) fail("weeks", `Line ${index + 1}: weeks must be a whole number from 1 to 52`);
    const cost = parsePounds(line.cost);
    if (cost === null || cost <= 0) fail("cost", `Line ${index + 1}: enter the cost in pounds, like 4200 or 4,200.50`);
    else if (cost > MAX_AMOUNT_PENCE) fail("cost", `Line ${index + 1}: the cost must be £200,000 or less`);
    parsed.push({ description: line.description, deliveredBy: line.deliveredBy, hoursPerWeek: hours, weeks, costPence: cost ?? 0 });
  });
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };
  if (parsed.length > MAX_PLAN_LINES) return refuse("lines", `A plan can have up to ${MAX_PLAN_LINES} lines`);
  return { ok: true, lines: parsed };
}

/** The draft's fields as a refusal names them ("it now differs from what you sent in: amount requested"). */
const DRAFT_FIELD_LABELS = {
  pupilId: "pupil",
  periodStart: "start date",
  periodEnd: "end date",
  amountRequested: "amount requested",
  lines: "provision plan",
  evidence: "evidence",
};

/**
 * Saves the draft as typed (SENCO; draft or more information needed). Every field is checked for form; a
 * malformed one saves nothing. Completeness is only required to send (`sendToHeadteacher`).
 */
export async function saveDraft(
  db: DB,
  actor: Actor,
  reference: string,
  input: DraftInput,
  requestId: string,
): Promise<Result<{ version: number; problems: Record<string, string[]> }>> {
  requirePermission(actor, "funding:draft");
  const lines = parseLines(input.lines);
  if (!lines.ok) return lines;
  const fieldErrors: Record<string, string[]> = {};
  if (input.periodStart && input.periodEnd) {
    const problem = periodProblem(input.periodStart, input.periodEnd);
    if (problem) fieldErrors.periodEnd = [problem];
  }
  for (const [field, value] of [["periodStart", input.periodStart], ["periodEnd", input.periodEnd]] as const) {
    if (value && (value < "2020-04-01" || value > "2099-03-31")) fieldErrors[field] = ["Enter a date in a financial year the council funds"];
  }
  if (input.amountRequested === 0) fieldErrors.amountRequested = ["The amount requested must be more than £0"];
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors };

  return db.transaction().execute(async (trx) => {
    // The engine's lock and checks (the `edit` step of funding.workflow.ts): a draft save moves nowhere and writes
    // no timeline event, so a form sent against an old version is compared with what the draft holds now.
    const claimed = await claimCase(trx, actor, FUNDING_STORE, reference, input.version, FUNDING_WORKFLOW.steps.edit.from);
    if (!claimed.ok && !claimed.stale) return claimed.refusal;
    const { row } = claimed;
    // A pupil id that is not a number names no pupil: -1 matches nothing.
    const pupilId = row.requires_pupil && input.pupilId ? (/^\d{1,9}$/.test(input.pupilId) ? Number(input.pupilId) : -1) : null;
    const checklist = checklistOf(row.evidence_checklist);
    const evidence = Object.fromEntries(checklist.map((item) => [item.key, input.evidence[item.key]?.trim() ?? ""]).filter(([, v]) => v));
    if (!claimed.ok) {
      // Sent against an old version: the same save again only if the draft already holds all of it.
      const saved = await linesOf(trx, row.id);
      const answer = await answerOldVersion(trx, actor, {
        submitted: { pupilId, periodStart: input.periodStart, periodEnd: input.periodEnd, amountRequested: input.amountRequested, lines: lines.lines, evidence },
        recorded: { pupilId: row.pupil_id, periodStart: row.period_start, periodEnd: row.period_end, amountRequested: row.amount_requested_pence, lines: saved, evidence: evidenceOf(row.evidence) },
        labels: DRAFT_FIELD_LABELS,
        ...(await lastFundingChange(trx, row.id, row.status)),
      });
      if (!answer.ok) return answer;
      return { ok: true as const, version: row.version, problems: input.intent === "check" ? problemsOf(row, saved) : {} };
    }
    const provision = pupilId === null ? null : await currentPupilProvision(trx, actor, pupilId);
    if (pupilId !== null && provision === null) return refuse("pupilId", "Select a pupil from your school's register");
    const ruleProblem = pupilRuleProblem(ruleOf(row.pupil_rule), provision);
    if (ruleProblem) return refuse("pupilId", ruleProblem);
    await bump(trx, row.id, {
      pupil_id: pupilId,
      period_start: input.periodStart,
      period_end: input.periodEnd,
      financial_year: input.periodStart ? financialYearOf(input.periodStart) : null,
      amount_requested_pence: input.amountRequested,
      evidence: JSON.stringify(evidence),
    });
    await trx.deleteFrom("funding_request_lines").where("funding_request_id", "=", row.id).execute();
    if (lines.lines.length > 0) {
      await trx
        .insertInto("funding_request_lines")
        .values(
          lines.lines.map((l, position) => ({
            funding_request_id: row.id,
            position,
            description: l.description,
            delivered_by: l.deliveredBy,
            hours_per_week: l.hoursPerWeek,
            weeks: l.weeks,
            cost_pence: l.costPence,
          })),
        )
        .execute();
    }
    await recordAudit(trx, { actor, action: "funding_request.update", subjectType: "funding_request", subjectId: row.id, requestId, detail: { reference, lines: lines.lines.length } });
    // "Save and continue": the draft is kept either way; what still stops it being sent is reported by field.
    const saved = { ...row, pupil_id: pupilId, pupil_provision: provision, period_start: input.periodStart, period_end: input.periodEnd, amount_requested_pence: input.amountRequested, evidence };
    const problems = input.intent === "check" ? problemsOf(saved, lines.lines) : {};
    return { ok: true as const, version: row.version + 1, problems };
  });
}
