import { randomBytes } from "node:crypto";
import { type SelectQueryBuilder, sql, type Kysely, type Transaction } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type { Database } from "../../../db/types.ts";
import { type Actor, notFound, requirePermission } from "../access/access.server.ts";
import { ROLE_LABELS, isRole } from "../access/roles.ts";
import { fundingRequestInReach, ownSchoolId, reachesFromOutsideSchools } from "../access/scopes.server.ts";
import { recordAudit } from "../audit/audit.server.ts";
import { financialYearOf, londonToday } from "../financial-year.ts";
import { MAX_AMOUNT_PENCE, formatPence, parsePounds } from "../money.ts";
import { notifyUsers, usersWithRole } from "../notifications/notify.server.ts";
import { type PupilChoice, currentPupilProvision, listCurrentPupilsForFundingRequest, pupilOfFundingRequest } from "../pupils/pupils.server.ts";
import { answerOldVersion, changedMeanwhile } from "../workflow/resubmission.server.ts";
import { type Refusal, type Result, refuse } from "../result.ts";
import {
  type ChecklistItem,
  MAX_PLAN_LINES,
  type PlanLine,
  completenessProblems,
  largestRequest,
  periodProblem,
  planTotals,
} from "./funding.rules.ts";
import {
  type DecisionInput,
  type DecisionOutcome,
  type DraftInput,
  FUNDING_STATUSES,
  FUNDING_STATUS_LABELS,
  type FundingStatus,
  isFundingStatus,
} from "./funding.schema.ts";
import { type PupilRule, isPupilRule, provisionFor, pupilRuleProblem } from "./pupil-rules.ts";
import { lastFundingChange, stepDigest, stepRecorded } from "./resubmission.server.ts";

type DB = Kysely<Database>;
type Trx = Transaction<Database>;

const EDITABLE: FundingStatus[] = ["draft", "more_information_needed"];
const WITHDRAWABLE: FundingStatus[] = ["draft", "awaiting_headteacher", "submitted", "in_review", "more_information_needed"];
const DECIDABLE: FundingStatus[] = ["submitted", "in_review"];
const DECIDED: FundingStatus[] = ["approved", "partly_approved", "declined"];

const ACTION_LABELS: Record<string, string> = {
  created: "Draft started",
  sent_to_headteacher: "Sent to the headteacher for sign-off",
  returned: "Returned to the SENCO by the headteacher",
  signed_off: "Signed off by the headteacher and sent to the council",
  review_started: "Review started",
  information_requested: "More information requested from the school",
  decided: "Decision recorded",
  corrected: "Decision corrected",
  withdrawn: "Withdrawn by the school",
};

/** What the actor may reach of funding requests, in SQL: the one rule in app/domain/access/scopes.server.ts. */
const visibleTo = fundingRequestInReach;

function checklistOf(value: unknown): ChecklistItem[] {
  return Array.isArray(value)
    ? value.filter((i): i is ChecklistItem => typeof i?.key === "string" && typeof i?.label === "string")
    : [];
}

function evidenceOf(value: unknown): Record<string, string> {
  if (!value || typeof value !== "object") return {};
  return Object.fromEntries(Object.entries(value).filter(([, v]) => typeof v === "string")) as Record<string, string>;
}

/** A request row with its scheme's rules, as the queries below select them. */
interface CompletenessRow {
  requires_pupil: boolean;
  pupil_rule: string;
  pupil_id: number | null;
  /** The named pupil's SEN provision (K, E), for the scheme's pupil rule. */
  pupil_provision: string | null;
  period_start: string | null;
  period_end: string | null;
  amount_requested_pence: number | null;
  evidence: unknown;
  evidence_checklist: unknown;
  school_contribution_applies: boolean;
  school_contribution_pence: number;
}

/** A scheme's pupil rule as stored (the column's CHECK allows only the rules). */
function ruleOf(value: string): PupilRule {
  return isPupilRule(value) ? value : "any";
}

/** What still stops this request being sent (funding.rules.ts), from its row and plan lines. */
function problemsOf(row: CompletenessRow, lines: PlanLine[]) {
  return completenessProblems({
    requiresPupil: row.requires_pupil,
    hasPupil: row.pupil_id !== null,
    pupilProblem: pupilRuleProblem(ruleOf(row.pupil_rule), row.pupil_provision),
    periodStart: row.period_start,
    periodEnd: row.period_end,
    amountRequestedPence: row.amount_requested_pence,
    lines,
    checklist: checklistOf(row.evidence_checklist),
    evidence: evidenceOf(row.evidence),
    contributionApplies: row.school_contribution_applies,
    contributionPence: row.school_contribution_pence,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Schemes and starting a request

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
      await addEvent(trx, actor, request.id, "created", null, "draft", null);
      await recordAudit(trx, { actor, action: "funding_request.create", subjectType: "funding_request", subjectId: request.id, requestId, detail: { reference } });
      return { ok: true as const, reference };
    });
  } catch (error) {
    // The same form sent twice at once: the unique key lets one insert win; the other finds it.
    if ((error as { code?: string }).code === "23505") {
      const reference = await findByKey(db, actor, input.idempotencyKey);
      if (reference) return { ok: true, reference };
    }
    throw error;
  }
}

async function addEvent(
  trx: Trx,
  actor: Actor,
  requestId: number,
  action: string,
  from: FundingStatus | null,
  to: FundingStatus,
  comment: string | null | undefined,
  digest: string | null = null,
) {
  await trx
    .insertInto("funding_request_events")
    .values({
      funding_request_id: requestId,
      actor_user_id: actor.userId,
      actor_role: actor.role,
      action,
      from_status: from,
      to_status: to,
      comment: comment || null,
      submission_digest: digest,
    })
    .execute();
}

// ---------------------------------------------------------------------------------------------------------
// Reading one request

export interface FundingRequestDetail {
  id: number;
  reference: string;
  status: FundingStatus;
  statusLabel: string;
  version: number;
  school: { name: string; urn: string; district: string };
  scheme: { name: string; requiresPupil: boolean; pupilRule: PupilRule; contributionApplies: boolean; contributionPence: number; checklist: ChecklistItem[] };
  pupil: {
    id: number;
    name: string;
    upn: string | null;
    dateOfBirth: string;
    yearGroup: string;
    provision: string;
    primaryNeed: string;
    secondaryNeed: string | null;
  } | null;
  amountRequestedPence: number | null;
  periodStart: string | null;
  periodEnd: string | null;
  lines: PlanLine[];
  totalPence: number;
  totalHours: number;
  largestRequestPence: number;
  evidence: Record<string, string>;
  award: { outcome: DecisionOutcome; outcomeLabel: string; awardedPence: number; start: string | null; end: string | null } | null;
  decisions: {
    id: number;
    outcomeLabel: string;
    awardedPence: number;
    start: string | null;
    end: string | null;
    reason: string | null;
    reasonText: string | null;
    decidedBy: string;
    decidedAt: Date;
    correction: boolean;
  }[];
  timeline: { at: Date; who: string; role: string; label: string; statusLabel: string; comment: string | null }[];
  submittedAt: Date | null;
  /** What still stops it being sent (for the SENCO's check-answers page). */
  problems: Record<string, string[]>;
  can: {
    edit: boolean;
    withdraw: boolean;
    signOff: boolean;
    startReview: boolean;
    askForInformation: boolean;
    decide: boolean;
    correct: boolean;
  };
}

/** A request with its scheme's rules: what a transition checks and what the request page shows. */
const REQUEST_WITH_RULES = [
  "funding_requests.id",
  "funding_requests.status",
  "funding_requests.version",
  "funding_requests.school_id",
  "funding_requests.scheme_id",
  "funding_requests.pupil_id",
  "funding_requests.amount_requested_pence",
  "funding_requests.period_start",
  "funding_requests.period_end",
  "funding_requests.evidence",
  "funding_requests.created_by",
  "funding_requests.submitted_at",
  "funding_schemes.requires_pupil",
  "funding_schemes.pupil_rule",
  "pupils.sen_provision as pupil_provision",
  "funding_schemes.school_contribution_applies",
  "funding_schemes.school_contribution_pence",
  "funding_schemes.evidence_checklist",
] as const;

async function loadRequest(db: DB, actor: Actor, reference: string) {
  const row = await db
    .selectFrom("funding_requests")
    .innerJoin("schools", "schools.id", "funding_requests.school_id")
    .innerJoin("districts", "districts.id", "schools.district_id")
    .innerJoin("funding_schemes", "funding_schemes.id", "funding_requests.scheme_id")
    .leftJoin("pupils", "pupils.id", "funding_requests.pupil_id")
    .select([
      ...REQUEST_WITH_RULES,
      "funding_requests.reference",
      "funding_requests.awarded_pence",
      "funding_requests.award_start",
      "funding_requests.award_end",
      "schools.name as school_name",
      "schools.urn",
      "districts.name as district_name",
      "funding_schemes.name as scheme_name",
    ])
    .where("funding_requests.reference", "=", reference)
    .where(visibleTo(actor))
    .executeTakeFirst();
  if (!row || !isFundingStatus(row.status)) notFound();
  return { ...row, status: row.status as FundingStatus };
}

async function linesOf(db: DB, requestId: number): Promise<PlanLine[]> {
  const rows = await db
    .selectFrom("funding_request_lines")
    .select(["description", "delivered_by", "hours_per_week", "weeks", "cost_pence"])
    .where("funding_request_id", "=", requestId)
    .orderBy("position")
    .execute();
  return rows.map((r) => ({ description: r.description, deliveredBy: r.delivered_by, hoursPerWeek: Number(r.hours_per_week), weeks: r.weeks, costPence: r.cost_pence }));
}

const OUTCOME_LABELS: Record<DecisionOutcome, string> = { approved: "Approved", partly_approved: "Partly approved", declined: "Declined" };

/**
 * One request as the actor may see it, with its plan, decisions and timeline. Viewing a request about a
 * pupil is a view of that pupil's record: both are audited.
 */
export async function getFundingRequest(db: DB, actor: Actor, reference: string, requestId: string): Promise<FundingRequestDetail> {
  requirePermission(actor, "funding:view");
  const row = await loadRequest(db, actor, reference);
  const [lines, pupil, decisions, events] = await Promise.all([
    linesOf(db, row.id),
    row.pupil_id === null ? Promise.resolve(undefined) : pupilOfFundingRequest(db, actor, row.id),
    db
      .selectFrom("funding_decisions")
      .innerJoin("users", "users.id", "funding_decisions.decided_by")
      .leftJoin("decision_reasons", "decision_reasons.id", "funding_decisions.reason_id")
      .select([
        "funding_decisions.id",
        "funding_decisions.outcome",
        "funding_decisions.awarded_pence",
        "funding_decisions.award_start",
        "funding_decisions.award_end",
        "funding_decisions.reason_text",
        "funding_decisions.corrects_decision_id",
        "funding_decisions.decided_at",
        "users.display_name",
        "decision_reasons.label as reason",
      ])
      .where("funding_decisions.funding_request_id", "=", row.id)
      .orderBy("funding_decisions.id")
      .execute(),
    db
      .selectFrom("funding_request_events")
      .innerJoin("users", "users.id", "funding_request_events.actor_user_id")
      .select([
        "funding_request_events.occurred_at",
        "funding_request_events.action",
        "funding_request_events.actor_role",
        "funding_request_events.to_status",
        "funding_request_events.comment",
        "users.display_name",
      ])
      .where("funding_request_events.funding_request_id", "=", row.id)
      .orderBy("funding_request_events.id")
      .execute(),
  ]);
  await db.transaction().execute(async (trx) => {
    await recordAudit(trx, { actor, action: "funding_request.view", subjectType: "funding_request", subjectId: row.id, requestId, detail: { reference } });
    if (row.pupil_id !== null) {
      await recordAudit(trx, { actor, action: "pupil.view", subjectType: "pupil", subjectId: row.pupil_id, requestId, detail: { via: reference } });
    }
  });

  const checklist = checklistOf(row.evidence_checklist);
  const evidence = evidenceOf(row.evidence);
  const { totalPence, totalHours } = planTotals(lines);
  const contribution = { applies: row.school_contribution_applies, pence: row.school_contribution_pence };
  const status = row.status;
  const school = actor.role === "senco" || actor.role === "headteacher";
  const officer = actor.role === "council_officer";
  const latest = decisions.at(-1);
  return {
    id: row.id,
    reference: row.reference,
    status,
    statusLabel: FUNDING_STATUS_LABELS[status],
    version: row.version,
    school: { name: row.school_name, urn: row.urn, district: row.district_name },
    scheme: {
      name: row.scheme_name,
      requiresPupil: row.requires_pupil,
      pupilRule: ruleOf(row.pupil_rule),
      contributionApplies: contribution.applies,
      contributionPence: contribution.pence,
      checklist,
    },
    pupil: pupil
      ? {
          id: pupil.id,
          name: `${pupil.firstName} ${pupil.lastName}`,
          upn: pupil.upn,
          dateOfBirth: pupil.dateOfBirth,
          yearGroup: pupil.yearGroupLabel,
          provision: pupil.provisionLabel,
          primaryNeed: `${pupil.primaryNeedName} (${pupil.primaryNeed})`,
          secondaryNeed: pupil.secondaryNeed ? `${pupil.secondaryNeedName} (${pupil.secondaryNeed})` : null,
        }
      : null,
    amountRequestedPence: row.amount_requested_pence,
    periodStart: row.period_start,
    periodEnd: row.period_end,
    lines,
    totalPence,
    totalHours,
    largestRequestPence: largestRequest(totalPence, contribution),
    evidence,
    award:
      latest && DECIDED.includes(status)
        ? {
            outcome: latest.outcome as DecisionOutcome,
            outcomeLabel: OUTCOME_LABELS[latest.outcome as DecisionOutcome],
            awardedPence: latest.awarded_pence,
            start: latest.award_start,
            end: latest.award_end,
          }
        : null,
    decisions: decisions.map((d) => ({
      id: d.id,
      outcomeLabel: OUTCOME_LABELS[d.outcome as DecisionOutcome] ?? d.outcome,
      awardedPence: d.awarded_pence,
      start: d.award_start,
      end: d.award_end,
      reason: d.reason,
      reasonText: d.reason_text,
      decidedBy: d.display_name,
      decidedAt: d.decided_at,
      correction: d.corrects_decision_id !== null,
    })),
    timeline: events.map((e) => ({
      at: e.occurred_at,
      who: e.display_name,
      role: isRole(e.actor_role) ? ROLE_LABELS[e.actor_role] : e.actor_role,
      label: ACTION_LABELS[e.action] ?? e.action,
      statusLabel: isFundingStatus(e.to_status) ? FUNDING_STATUS_LABELS[e.to_status] : e.to_status,
      comment: e.comment,
    })),
    submittedAt: row.submitted_at,
    problems: problemsOf(row, lines),
    can: {
      edit: actor.role === "senco" && EDITABLE.includes(status),
      withdraw: school && WITHDRAWABLE.includes(status),
      signOff: actor.role === "headteacher" && status === "awaiting_headteacher",
      startReview: officer && status === "submitted",
      askForInformation: officer && DECIDABLE.includes(status),
      decide: officer && DECIDABLE.includes(status),
      correct: officer && DECIDED.includes(status),
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
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

/**
 * Locks the request row for a change, checking who may change it, its state and the version the user saw. A form
 * sent against an old version comes back `stale`: the caller applies the resubmission rule to it.
 */
async function claim(trx: Trx, actor: Actor, reference: string, version: number, from: FundingStatus[]) {
  const row = await trx
    .selectFrom("funding_requests")
    .innerJoin("funding_schemes", "funding_schemes.id", "funding_requests.scheme_id")
    .leftJoin("pupils", "pupils.id", "funding_requests.pupil_id")
    .select(REQUEST_WITH_RULES)
    .where("funding_requests.reference", "=", reference)
    .where(visibleTo(actor))
    .forUpdate("funding_requests")
    .executeTakeFirst();
  if (!row || !isFundingStatus(row.status)) notFound();
  const status = row.status as FundingStatus;
  if (row.version !== version) return { ok: false as const, stale: true as const, row: { ...row, status } };
  if (!from.includes(status)) {
    return {
      ok: false as const,
      stale: false as const,
      refusal: { ok: false, formError: `This request is now ${FUNDING_STATUS_LABELS[status].toLowerCase()}, so that cannot be done. The page shows where it is.` } as Refusal,
    };
  }
  return { ok: true as const, row: { ...row, status } };
}

async function bump(trx: Trx, id: number, set: Record<string, unknown> = {}) {
  await trx
    .updateTable("funding_requests")
    .set((eb) => ({ ...set, version: eb("version", "+", 1), updated_at: new Date() }))
    .where("id", "=", id)
    .execute();
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
    const claimed = await claim(trx, actor, reference, input.version, EDITABLE);
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

// ---------------------------------------------------------------------------------------------------------
// Transitions: one function each, each checking the current state and the version the user saw.

interface Step {
  permission: "funding:draft" | "funding:sign_off" | "funding:withdraw" | "funding:decide";
  from: FundingStatus[];
  to: FundingStatus;
  action: string;
}

type Claimed = Extract<Awaited<ReturnType<typeof claim>>, { ok: true }>["row"];

async function transition(
  db: DB,
  actor: Actor,
  reference: string,
  /** `fields`: every field the form carried, for the step's digest; by default its comment. */
  input: { version: number; comment?: string | null; fields?: Record<string, unknown> },
  step: Step,
  requestId: string,
  work: (
    trx: Trx,
    row: Claimed,
  ) => Promise<Refusal | { set?: Record<string, unknown>; to?: FundingStatus; action?: string; notify?: () => Promise<void> } | void>,
): Promise<Result<{ reference: string }>> {
  requirePermission(actor, step.permission);
  const digest = stepDigest(input.version, step.action, input.fields ?? { comment: input.comment || null });
  return db.transaction().execute(async (trx) => {
    const claimed = await claim(trx, actor, reference, input.version, step.from);
    if (!claimed.ok && !claimed.stale) return claimed.refusal;
    if (!claimed.ok) {
      // Sent against an old version: the same form sent again (a double click, a resubmit after a slow reply)
      // only if this person's step with exactly these fields, from this version, is on the timeline. Then the
      // first send did it. Anything else is refused, saying what happened meanwhile.
      if (await stepRecorded(trx, actor, claimed.row.id, digest)) return { ok: true as const, reference };
      return changedMeanwhile(trx, actor, await lastFundingChange(trx, claimed.row.id, claimed.row.status));
    }
    const { row } = claimed;
    const outcome = await work(trx, row);
    if (outcome && "ok" in outcome) return outcome;
    const to = outcome?.to ?? step.to;
    const action = outcome?.action ?? step.action;
    await bump(trx, row.id, { status: to, ...outcome?.set });
    await addEvent(trx, actor, row.id, action, row.status, to, input.comment, digest);
    await recordAudit(trx, {
      actor,
      action: `funding_request.${action}`,
      subjectType: "funding_request",
      subjectId: row.id,
      requestId,
      detail: { reference, from: row.status, to },
    });
    await outcome?.notify?.();
    return { ok: true as const, reference };
  });
}

async function schoolStaff(trx: Trx, schoolId: number, createdBy: number) {
  const [sencos, heads] = await Promise.all([usersWithRole(trx, "senco", schoolId), usersWithRole(trx, "headteacher", schoolId)]);
  return { sencos: [...new Set([createdBy, ...sencos])], heads };
}

/** SENCO: a complete draft (or a request the council sent back) goes to the headteacher for sign-off. */
export function sendToHeadteacher(db: DB, actor: Actor, reference: string, input: { version: number }, requestId: string) {
  return transition(db, actor, reference, input, { permission: "funding:draft", from: EDITABLE, to: "awaiting_headteacher", action: "sent_to_headteacher" }, requestId, async (trx, row) => {
    if (Object.keys(problemsOf(row, await linesOf(trx, row.id))).length > 0) {
      return { ok: false, formError: "This request is not complete yet: go back to the request and fill in what is missing." } as Refusal;
    }
    return {
      notify: async () =>
        notifyUsers(trx, (await schoolStaff(trx, row.school_id, row.created_by)).heads, {
          message: `Funding request ${reference} is waiting for your sign-off.`,
          subject: `Funding request ${reference}: waiting for your sign-off`,
          link: `/funding/${reference}`,
        }),
    };
  });
}

/** Headteacher: signs the request off; only signed-off requests reach the council. */
export function signOff(db: DB, actor: Actor, reference: string, input: { version: number; comment?: string }, requestId: string) {
  return transition(db, actor, reference, input, { permission: "funding:sign_off", from: ["awaiting_headteacher"], to: "submitted", action: "signed_off" }, requestId, async (trx) => ({
    set: { submitted_at: new Date() },
    notify: async () =>
      notifyUsers(trx, await usersWithRole(trx, "council_officer"), {
        message: `Funding request ${reference} has been sent to the council and is waiting for a decision.`,
        subject: `Funding request ${reference}: waiting for a decision`,
        link: `/funding/${reference}`,
      }),
  }));
}

/** Headteacher: sends the request back to the SENCO with a comment saying what to change. */
export function returnToSenco(db: DB, actor: Actor, reference: string, input: { version: number; comment: string }, requestId: string) {
  return transition(db, actor, reference, input, { permission: "funding:sign_off", from: ["awaiting_headteacher"], to: "draft", action: "returned" }, requestId, async (trx, row) => ({
    // Back to where it came from: a draft, or a request the council asked more of.
    to: row.submitted_at ? "more_information_needed" : "draft",
    notify: async () =>
      notifyUsers(trx, (await schoolStaff(trx, row.school_id, row.created_by)).sencos, {
        message: `Your headteacher returned funding request ${reference} with a comment.`,
        subject: `Funding request ${reference}: returned by your headteacher`,
        link: `/funding/${reference}`,
      }),
  }));
}

/** The school withdraws the request before a decision. */
export function withdraw(db: DB, actor: Actor, reference: string, input: { version: number; comment?: string }, requestId: string) {
  return transition(db, actor, reference, input, { permission: "funding:withdraw", from: WITHDRAWABLE, to: "withdrawn", action: "withdrawn" }, requestId, async (trx, row) => ({
    notify: async () => {
      if (row.status === "submitted" || row.status === "in_review") {
        await notifyUsers(trx, await usersWithRole(trx, "council_officer"), {
          message: `Funding request ${reference} has been withdrawn by the school.`,
          subject: `Funding request ${reference}: withdrawn`,
          link: `/funding/${reference}`,
        });
      }
    },
  }));
}

/** Officer: takes a submitted request into review. */
export function startReview(db: DB, actor: Actor, reference: string, input: { version: number }, requestId: string) {
  return transition(db, actor, reference, input, { permission: "funding:decide", from: ["submitted"], to: "in_review", action: "review_started" }, requestId, async () => undefined);
}

/** Officer: sends the request back to the school, saying what is needed. The school edits and sends it again. */
export function askForInformation(db: DB, actor: Actor, reference: string, input: { version: number; comment: string }, requestId: string) {
  return transition(db, actor, reference, input, { permission: "funding:decide", from: DECIDABLE, to: "more_information_needed", action: "information_requested" }, requestId, async (trx, row) => ({
    notify: async () => {
      const staff = await schoolStaff(trx, row.school_id, row.created_by);
      await notifyUsers(trx, [...staff.sencos, ...staff.heads], {
        message: `The council needs more information about funding request ${reference}.`,
        subject: `Funding request ${reference}: more information needed`,
        link: `/funding/${reference}`,
      });
    },
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
export function decide(db: DB, actor: Actor, reference: string, input: DecisionInput, requestId: string) {
  return transition(
    db,
    actor,
    reference,
    {
      version: input.version,
      comment: input.reasonText || null,
      fields: { outcome: input.outcome, awarded: input.awarded, awardStart: input.awardStart, awardEnd: input.awardEnd, reasonId: input.reasonId, reasonText: input.reasonText },
    },
    { permission: "funding:decide", from: [...DECIDABLE, ...DECIDED], to: input.outcome, action: "decided" },
    requestId,
    async (trx, row) => {
      const correcting = DECIDED.includes(row.status);
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
        action: correcting ? "corrected" : "decided",
        set: { awarded_pence: awarded, award_start: start, award_end: end, decided_at: new Date() },
        notify: async () => {
          const staff = await schoolStaff(trx, row.school_id, row.created_by);
          await notifyUsers(trx, [...staff.sencos, ...staff.heads], {
            message: `The council has ${correcting ? "corrected its decision on" : "decided"} funding request ${reference}: ${OUTCOME_LABELS[input.outcome].toLowerCase()}.`,
            subject: `Funding request ${reference}: ${correcting ? "decision corrected" : "decision made"}`,
            link: `/funding/${reference}`,
          });
        },
      };
    },
  );
}

// ---------------------------------------------------------------------------------------------------------
// Lists: the school's requests, and the council's queue

export interface FundingListFilter {
  status?: string;
  district?: string;
  scheme?: string;
  age?: string;
  page?: number;
}

export interface FundingListRow {
  reference: string;
  school: string;
  district: string;
  scheme: string;
  /** The school's own list names the pupil; the council's queue does not. */
  pupil: string | null;
  amountRequestedPence: number | null;
  status: FundingStatus;
  statusLabel: string;
  submittedAt: Date | null;
  updatedAt: Date;
  waitingDays: number | null;
}

export interface FundingList {
  queue: boolean;
  rows: FundingListRow[];
  total: number;
  page: number;
  pages: number;
  filter: { status: string; district: string; scheme: string; age: string };
  options: { statuses: { value: string; label: string }[]; districts: { value: string; label: string }[]; schemes: { value: string; label: string }[] };
}

const PAGE_SIZE = 50;
/** The council's default view: what is waiting for it. */
const AWAITING_DECISION = "awaiting_decision";
/**
 * "Any status", chosen: a value of its own, not an empty one, because the council's queue shows only what is
 * waiting when no status is given. An empty status (an older link) is read as this choice too.
 */
const ANY_STATUS = "any";

/**
 * For a school's staff: their school's requests, newest first. For officers: the queue of requests that
 * have reached the council, oldest first, filtered by district, scheme, status and age.
 */
export async function listFundingRequests(db: DB, actor: Actor, filter: FundingListFilter, now = new Date()): Promise<FundingList> {
  requirePermission(actor, "funding:view");
  const queue = reachesFromOutsideSchools(actor);
  const chosen = filter.status ?? (queue ? AWAITING_DECISION : ANY_STATUS);
  // The status as the page's links carry it on: a known one, else "any" (an empty or unknown one selects nothing).
  const status = chosen === AWAITING_DECISION || isFundingStatus(chosen) ? chosen : ANY_STATUS;
  const district = queue ? (filter.district ?? "") : "";
  const scheme = filter.scheme ?? "";
  const age = queue && ["7", "14", "28"].includes(filter.age ?? "") ? filter.age! : "";

  // The requests the filters select, joined to nothing the filters do not need: the count and the page's
  // ids come from the queue's index (status, submitted_at, id) alone when only the status filters.
  let selected = db.selectFrom("funding_requests").where(visibleTo(actor));
  if (status === AWAITING_DECISION) selected = selected.where("funding_requests.status", "in", DECIDABLE);
  else if (isFundingStatus(status)) selected = selected.where("funding_requests.status", "=", status);
  if (district) {
    selected = selected.where("funding_requests.school_id", "in", (eb) =>
      eb.selectFrom("schools").innerJoin("districts", "districts.id", "schools.district_id").select("schools.id").where("districts.code", "=", district),
    );
  }
  if (/^\d{1,9}$/.test(scheme)) selected = selected.where("funding_requests.scheme_id", "=", Number(scheme));
  if (age) selected = selected.where("funding_requests.submitted_at", "<", new Date(now.getTime() - Number(age) * 86_400_000));

  // One statement for the count and the filters' choices (districts for the council only, schemes).
  const counted = await selected
    .select((eb) => [
      eb.fn.countAll<number>().as("n"),
      jsonArrayFrom(
        eb
          .selectFrom("districts")
          .select(["districts.code", "districts.name"])
          .where(() => eb.val(queue))
          .orderBy("districts.name"),
      ).as("districts"),
      jsonArrayFrom(eb.selectFrom("funding_schemes").select(["funding_schemes.id", "funding_schemes.name"]).orderBy("funding_schemes.sort_order").orderBy("funding_schemes.name")).as(
        "schemes",
      ),
    ])
    .executeTakeFirstOrThrow();
  const total = Number(counted.n);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const page = Math.min(Math.max(1, filter.page ?? 1), pages);

  // The page: first its requests' ids, in order, past the offset (cheap in the index), then only those
  // requests are joined to their school, district, scheme and (for the school's own list) pupil.
  const ordered = <Q extends SelectQueryBuilder<Database, "funding_requests", any>>(q: Q) =>
    (queue
      ? q.orderBy("funding_requests.submitted_at", "asc").orderBy("funding_requests.id", "asc")
      : q.orderBy("funding_requests.updated_at", "desc").orderBy("funding_requests.id", "desc")) as Q;
  const pageIds = ordered(selected.select("funding_requests.id"))
    .limit(PAGE_SIZE)
    .offset((page - 1) * PAGE_SIZE);
  const rows = await ordered(
    db
      .selectFrom("funding_requests")
      .innerJoin("schools", "schools.id", "funding_requests.school_id")
      .innerJoin("districts", "districts.id", "schools.district_id")
      .innerJoin("funding_schemes", "funding_schemes.id", "funding_requests.scheme_id")
      .leftJoin("pupils", (join) => (queue ? join.on(sql<boolean>`false`) : join.onRef("pupils.id", "=", "funding_requests.pupil_id")))
      .select([
        "funding_requests.reference",
        "funding_requests.status",
        "funding_requests.amount_requested_pence",
        "funding_requests.submitted_at",
        "funding_requests.updated_at",
        "schools.name as school_name",
        "districts.name as district_name",
        "funding_schemes.name as scheme_name",
        "pupils.first_name",
        "pupils.last_name",
      ])
      .where("funding_requests.id", "in", pageIds),
  ).execute();
  const districts = counted.districts;
  const schemes = counted.schemes;
  const statusOptions = [
    { value: ANY_STATUS, label: "Any status" },
    ...(queue
      ? [
          { value: AWAITING_DECISION, label: "Waiting for a decision" },
          ...FUNDING_STATUSES_SEEN_BY_COUNCIL.map((s) => ({ value: s, label: FUNDING_STATUS_LABELS[s] })),
        ]
      : Object.entries(FUNDING_STATUS_LABELS).map(([value, label]) => ({ value, label }))),
  ];

  return {
    queue,
    rows: rows.map((r) => ({
      reference: r.reference,
      school: r.school_name,
      district: r.district_name,
      scheme: r.scheme_name,
      pupil: r.first_name ? `${r.first_name} ${r.last_name}` : null,
      amountRequestedPence: r.amount_requested_pence,
      status: r.status as FundingStatus,
      statusLabel: isFundingStatus(r.status) ? FUNDING_STATUS_LABELS[r.status] : r.status,
      submittedAt: r.submitted_at,
      updatedAt: r.updated_at,
      waitingDays: r.submitted_at ? Math.floor((now.getTime() - new Date(r.submitted_at).getTime()) / 86_400_000) : null,
    })),
    total,
    page,
    pages,
    filter: { status, district, scheme, age },
    options: {
      statuses: statusOptions,
      districts: districts.map((d) => ({ value: d.code, label: d.name })),
      schemes: schemes.map((s) => ({ value: String(s.id), label: s.name })),
    },
  };
}

/** Every state a request can be in once it has reached the council. */
const FUNDING_STATUSES_SEEN_BY_COUNCIL = FUNDING_STATUSES.filter((s) => s !== "draft" && s !== "awaiting_headteacher");
